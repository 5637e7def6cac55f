// End-to-end: the real `noko score` binary on the shipped example and on broken inputs.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noko } from './helpers/noko';

const example = join(resolve(import.meta.dirname, '..'), 'examples', 'score-input.json');
const dir = mkdtempSync(join(tmpdir(), 'noko-score-'));

/** `noko score …` as a child process (test/helpers/noko.ts). */
const score = (...args: string[]) => noko(['score', ...args]);

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

type Output = {
  organisations: {
    id: string;
    indicators: Record<string, number | null>;
    criteria: Record<string, number | null>;
    total: number | null;
    band: string | null;
    rank: number | null;
  }[];
  territory: { total: number | null; criteria: Record<string, number | null> };
};

describe('noko score', () => {
  it('scores the example as JSON following the contract', async () => {
    const r = await score(example, '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Output;
    expect(out.organisations.map((o) => o.id)).toEqual(['sch-12', 'doo-7', 'doo-21', 'spo-3', 'dod-ddt', 'sch-4']);
    const byId = Object.fromEntries(out.organisations.map((o) => [o.id, o]));
    const first = out.organisations[0]!;
    expect(Object.keys(first.indicators)).toEqual([
      '1.1',
      '1.2',
      '1.3',
      '2.1',
      '2.3',
      '3.1',
      '3.2',
      '3.3',
      '4.1',
      '4.2',
      '4.3',
      '5.1',
      '5.2',
      '5.3',
    ]);
    expect(Object.keys(first.criteria)).toEqual(['K1', 'K2', 'K3', 'K4', 'K5']);
    // doo-7: nobody with a disability → 3.3 null; K3 = (0.3·20 + 0.4·40)/0.7 = 22/0.7
    expect(byId['doo-7']?.indicators['3.3']).toBeNull();
    expect(byId['doo-7']?.criteria.K3).toBeCloseTo(22 / 0.7, 10);
    // dod-ddt: no stands (norm 0) → 1.1 = 100·22/30; nobody used stands → 1.3 = 100·97/104
    expect(byId['dod-ddt']?.indicators['1.1']).toBeCloseTo(2200 / 30, 10);
    expect(byId['dod-ddt']?.indicators['1.3']).toBeCloseTo(9700 / 104, 10);
    // spo-3: 6 channels → 100; 5 of 6 accessibility items → 100
    expect(byId['spo-3']?.indicators['1.2']).toBe(100);
    expect(byId['spo-3']?.indicators['3.2']).toBe(100);
    // exact mode is unrounded: some value has more than 2 decimals
    expect(
      out.organisations.some((o) =>
        Object.values(o.indicators).some((v) => v !== null && Math.round(v * 100) !== v * 100),
      ),
    ).toBe(true);
    // ranks are a permutation of 1..6 here (no ties) and follow the totals
    const sorted = [...out.organisations].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99));
    expect(sorted.map((o) => o.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i - 1]!.total!).toBeGreaterThan(sorted[i]!.total!);
    const mean = out.organisations.reduce((s, o) => s + (o.total ?? 0), 0) / 6;
    expect(out.territory.total).toBeCloseTo(mean, 10);
    expect(Object.keys(out.territory.criteria)).toEqual(['K1', 'K2', 'K3', 'K4', 'K5']);
    expect(['отлично', 'хорошо', 'удовлетворительно', 'ниже среднего', 'неудовлетворительно']).toContain(first.band);
  });

  it('policy and rounding flags change the numbers', async () => {
    const zero = JSON.parse(
      (await score(example, '--format', 'json', '--policy', 'zero', '--rounding', 'operator')).stdout,
    ) as Output;
    const doo7 = zero.organisations.find((o) => o.id === 'doo-7')!;
    expect(doo7.indicators['3.3']).toBe(0);
    expect(doo7.criteria.K3).toBe(22); // 0.3·20 + 0.4·40 + 0.3·0
    for (const o of zero.organisations)
      for (const v of Object.values(o.indicators)) if (v !== null) expect(Math.round(v * 100) / 100).toBe(v);
  });

  it('prints a Russian table and a CSV', async () => {
    const table = await score(example);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Итог');
    expect(table.stdout).toMatch(/\d+,\d\d/);
    expect(table.stdout).toContain('н/д');
    const csv = await score(example, '--format', 'csv');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,name,type,1.1,1.2,1.3,2.1,2.3,3.1,3.2,3.3,4.1,4.2,4.3,5.1,5.2,5.3,K1,K2,K3,K4,K5,total,band,rank',
    );
    expect(lines).toHaveLength(7);
    expect(lines[2]).toMatch(/^doo-7,/);
    expect(lines[2]?.split(',')[10]).toBe(''); // 3.3 without data is an empty cell
  });

  it('malformed JSON exits 1', async () => {
    const r = await score(file('broken.json', '{"organisations": ['));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('JSON');
    expect(r.stdout).toBe('');
  });

  it('schema and contradiction errors exit 1 and name the organisation and field', async () => {
    const input = JSON.parse(readFileSync(example, 'utf8')) as { organisations: Record<string, unknown>[] };
    const org = input.organisations[1] as { survey: Record<string, number> };
    org.survey.satStand = org.survey.usedStand! + 1;
    (input.organisations[2] as { channels: unknown }).channels = 'три';
    const r = await score(file('bad.json', JSON.stringify(input)));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/id doo-21.*channels/);
    // contradictions are reported once the schema is clean
    (input.organisations[2] as { channels: unknown }).channels = 3;
    const r2 = await score(file('bad2.json', JSON.stringify(input)));
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/id doo-7.*survey\.satStand/);
  });

  it('usage errors exit 2', async () => {
    expect((await score()).code).toBe(2);
    expect((await score(example, '--policy', 'maybe')).code).toBe(2);
    expect((await score(example, '--format', 'xml')).code).toBe(2);
    expect((await score(example, '--unknown')).code).toBe(2);
  });

  it('a missing file exits 1', async () => {
    expect((await score(join(dir, 'nope.json'))).code).toBe(1);
  });
});
