import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../cli/audit';
import { compliantSchool } from './fixtures/school';
import { serve, type FixtureServer } from './helpers/server';

async function capture(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await run(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('noko audit', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await serve(compliantSchool());
  });
  afterAll(() => server.close());

  it('prints the JSON shape of the issue', async () => {
    const { code, out } = await capture([
      server.url,
      '--json',
      '--date',
      '2025-12-01',
      '--type',
      'school',
      '--no-documents',
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.url).toBe(server.url);
    expect(typeof json.fetchedAt).toBe('string');
    expect(json.tls.trusted).toBe(true);
    expect(json.sections).toHaveLength(14);
    const common = json.sections[0];
    expect(common).toMatchObject({
      slug: 'common',
      found: true,
      url: `${server.url}sveden/common`,
      addressAsRecommended: true,
    });
    expect(common.items.find((i: { itemprop: string }) => i.itemprop === 'fullName')).toMatchObject({
      itemprop: 'fullName',
      status: 'present',
    });
    for (const s of json.sections) {
      for (const i of s.items) {
        expect(['present', 'empty', 'missing', 'legacy', 'near-miss', 'not-applicable']).toContain(i.status);
        expect(i.evidence === null || typeof i.evidence === 'string').toBe(true);
      }
    }
    expect(json.summary.present).toBe(json.summary.required);
  });

  it('prints a readable Russian report with dates as дд.мм.гггг', async () => {
    const { code, out } = await capture([server.url, '--date', '2025-12-01', '--no-documents']);
    expect(code).toBe(0);
    expect(out).toContain('Дата проверки: 01.12.2025');
    expect(out).toContain('Основные сведения');
    expect(out).toMatch(/Итого: размечено по рекомендациям (\d+) из \1/);
    expect(out).toContain('Предложение для эксперта');
  });

  it('rejects bad arguments with exit code 2', async () => {
    expect((await capture([])).code).toBe(2);
    expect((await capture([server.url, '--type', 'university'])).code).toBe(2);
    const bad = await capture([server.url, '--date', '2025-13-01']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('ГГГГ-ММ-ДД');
  });

  it('exits 1 when the site cannot be audited', async () => {
    const { code, out } = await capture(['http://127.0.0.1:1/', '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(out).sections.every((s: { found: boolean }) => !s.found)).toBe(true);
  });
});
