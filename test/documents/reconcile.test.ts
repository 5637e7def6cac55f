// Every number of the analytical report equals the open data of the same version: the DOCX is unzipped
// (word/document.xml), the PDF goes through pdftotext, and both are compared with the JSON the public
// open-data URL serves. Also: Russian plurals, dates дд.мм.гггг, decimal commas, methodology and policies.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../app/server/http.server';
import { documentKind } from '../../src/documents/registry.server';
import '../../src/documents/kinds.server';
import { approveVersion, computeDraft, publishVersion } from '../../src/results/versions.server';
import { silentLogger, testConfig } from '../helpers/app';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { seedResultsCampaign, type ResultsFixture } from '../results/fixtures';

type OpenRow = Record<string, string | number | boolean | null>;
type OpenData = {
  version: number;
  methodology: { id: string };
  policies: { bands: { from: number }[] };
  mean: { total: number | null; criteria: Record<string, number | null>; indicators: Record<string, number | null> };
  organisations: OpenRow[];
};

const ru = (v: number) => (Math.round(v * 100 + 1e-9) / 100).toFixed(2).replace('.', ',');
const ruOrNone = (v: unknown) => (typeof v === 'number' ? ru(v) : null);

/** Table rows of a DOCX as arrays of cell texts. */
function docxRows(xml: string): string[][] {
  return [...xml.matchAll(/<w:tr\b[^>]*>([\s\S]*?)<\/w:tr>/g)].map((tr) =>
    [...tr[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((tc) =>
      [...tc[1]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
        .map((t) => t[1]!)
        .join('')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>'),
    ),
  );
}
const docxText = (xml: string) =>
  [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<\/w:p>/g)]
    .map((m) => (m[1] === undefined ? '\n' : m[1]))
    .join('')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe(`the analytical report reconciles with the open data (${testEngine})`, () => {
  let t: TestDatabase;
  let f: ResultsFixture;
  let open: OpenData;
  let docx = '';
  let docxPlain = '';
  let pdf = '';
  const dir = mkdtempSync(path.join(tmpdir(), 'noko-reconcile-'));

  beforeAll(async () => {
    t = await createTestDb();
    f = await seedResultsCampaign(t.db, { orgs: 14, municipalities: 3, fewResponses: [2, 9] });
    const v = await computeDraft(t.db, f.campaignId, f.users.operator);
    await approveVersion(t.db, v.id, { number: '12-с', date: '2025-10-15', confirmGaps: true }, f.users.chair);
    await publishVersion(t.db, v.id, f.users.authority, new Date('2025-10-20T10:00:00Z'), { confirmGaps: true });
    const app = createHttpApp({ db: t.db, config: testConfig(), logger: silentLogger });
    open = (await (await app.request(`/rezultaty/${f.campaignId}/otkrytye-dannye.json`)).json()) as OpenData;
    const kind = documentKind('analytical')!;
    const data = await kind.load(t.db, { campaignId: f.campaignId }, () => {});
    const zip = await JSZip.loadAsync(await kind.render(data, 'docx', () => {}));
    docx = await zip.file('word/document.xml')!.async('string');
    docxPlain = docxText(docx);
    const file = path.join(dir, 'report.pdf');
    writeFileSync(file, await kind.render(data, 'pdf', () => {}));
    pdf = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, path.join(dir, 'first')]);
    process.stdout.write(`analytical report first page: ${path.join(dir, 'first-01.png')}\n`);
  }, 180_000);
  afterAll(async () => t?.close());

  it('the rating table row of every organisation equals its open-data row (DOCX)', () => {
    const rows = docxRows(docx);
    for (const o of open.organisations) {
      const row = rows.find((r) => r.length === 10 && r[1] === o.organisation);
      expect(row, String(o.organisation)).toBeDefined();
      const hidden = (k: string) => (o[k] === null && o.below_minimum ? 'недостаточно данных' : 'нет данных');
      expect(row![0]).toBe(o.rank === null ? '—' : String(o.rank));
      expect(row![2]).toBe(o.municipality);
      expect(row!.slice(3, 8)).toEqual(['k1', 'k2', 'k3', 'k4', 'k5'].map((k) => ruOrNone(o[k]) ?? hidden(k)));
      expect(row![8]).toBe(ruOrNone(o.total) ?? 'нет данных');
      expect(row![9]).toBe(o.band ?? 'нет данных');
    }
  });

  it('annex 1 has every indicator value of every organisation (DOCX)', () => {
    const rows = docxRows(docx);
    const ids = Object.keys(open.organisations[0]!).filter((k) => /^p\d\.\d$/.test(k));
    expect(ids.length).toBeGreaterThan(10);
    for (const o of open.organisations) {
      const row = rows.find((r) => r.length === 2 + ids.length && r[1] === o.organisation)!;
      expect(row, String(o.organisation)).toBeDefined();
      expect(row.slice(2)).toEqual(ids.map((k) => ruOrNone(o[k]) ?? (o.below_minimum ? 'н/д' : 'нет данных')));
    }
  });

  it('territory means and criteria ranges equal the open data (DOCX table 2, cards)', () => {
    const rows = docxRows(docx);
    for (const k of ['K1', 'K2', 'K3', 'K4', 'K5']) {
      const row = rows.find((r) => r.length === 5 && r[0] === k.replace('K', 'К'))!;
      const values = open.organisations
        .map((o) => o[k.toLowerCase()])
        .filter((v): v is number => typeof v === 'number');
      expect(row.slice(2)).toEqual([ru(open.mean.criteria[k]!), ru(Math.min(...values)), ru(Math.max(...values))]);
      // Every card repeats the criterion's territory mean beside the organisation's value.
      const cardRows = rows.filter((r) => r.length === 3 && r[0]!.startsWith(`${k.replace('K', 'К')}. `));
      expect(cardRows).toHaveLength(open.organisations.length);
      for (const r of cardRows) expect(r[2]).toBe(ru(open.mean.criteria[k]!));
    }
    expect(docxPlain).toContain(`Итоговый балл по территории — ${ru(open.mean.total!)}`);
  });

  it('every decimal number in the PDF and in the DOCX is one the open data gives or derives', () => {
    const allowed = new Set<string>();
    const add = (v: unknown) => typeof v === 'number' && allowed.add(ru(v));
    for (const o of open.organisations)
      for (const [k, v] of Object.entries(o)) if (/^(p\d\.\d|k\d|total)$/.test(k)) add(v);
    Object.values(open.mean.criteria).forEach(add);
    Object.values(open.mean.indicators).forEach(add);
    add(open.mean.total);
    // The printed scale: each band's lower bound and the upper bound below the next band.
    for (const band of open.policies.bands) {
      add(band.from);
      if (band.from > 0) add(band.from - 0.01);
    }
    add(100);
    // Group means (type, municipality) over the published values.
    for (const key of ['organisation_type', 'municipality']) {
      const groups = new Map<unknown, OpenRow[]>();
      for (const o of open.organisations) groups.set(o[key], [...(groups.get(o[key]) ?? []), o]);
      for (const list of groups.values()) {
        for (const k of ['k1', 'k2', 'k3', 'k4', 'k5', 'total']) {
          const vs = list.map((o) => o[k]).filter((v): v is number => typeof v === 'number');
          if (vs.length) add(vs.reduce((a, b) => a + b, 0) / vs.length);
        }
      }
    }
    for (const [name, text] of [
      ['PDF', pdf],
      ['DOCX', docxPlain],
    ] as const) {
      const found = [...text.matchAll(/(?<![\d,.])\d{1,3},\d{2}(?![\d,])/g)].map((m) => m[0]);
      expect(found.length, name).toBeGreaterThan(300);
      const strange = [...new Set(found.filter((x) => !allowed.has(x)))];
      expect(strange, `${name}: numbers not in the open data`).toEqual([]);
    }
    // Each organisation's total appears in the PDF as well.
    for (const o of open.organisations) if (typeof o.total === 'number') expect(pdf).toContain(ru(o.total));
  });

  it('Russian typography: decimal commas, dates дд.мм.гггг, plurals; the methodology and the policies are stated', () => {
    for (const raw of [pdf, docxPlain]) {
      // pdfmake may break a line after a hyphen («12-» / «с»): joined again before comparing.
      const text = raw.replace(/\s+/g, ' ').replace(/- (?=\S)/g, '-');
      expect(text).not.toMatch(/\b\d{1,3}\.\d{2}\b(?!\.\d{4})/); // no decimal points (dates are dd.mm.yyyy)
      expect(text).toMatch(/Оценено 14 организаций в 3 муниципальных образованиях/);
      expect(text).toContain('от 20.10.2025');
      expect(text).toContain('решением общественного совета № 12-с от 15.10.2025');
      expect(text).toContain(`версия методики «${open.methodology.id}»`);
      expect(text).toMatch(/Нулевой знаменатель показателя: перераспределить вес/);
      expect(text).toMatch(/Округление: точный расчёт/);
      expect(text).toMatch(/Оценочная шкала: от 81,00 до 100,00/);
      expect(text).toMatch(/у 2 организаций ответов меньше минимума/);
      expect(text).toMatch(/Достигнут в \d+ организаци(и|ях) из 14/);
    }
  });
});
