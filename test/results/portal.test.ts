import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createHttpApp } from '../../app/server/http.server';
import { createTestDb, type TestDatabase } from '../helpers/db';
import { silentLogger, testConfig } from '../helpers/app';
import { checklistAnswers } from '../../src/db/schema/checklists';
import { approveVersion, computeDraft, getVersion, publishVersion } from '../../src/results/versions.server';
import { seedResultsCampaign, type ResultsFixture } from './fixtures';

describe('public results portal (Hono hot path)', () => {
  let t: TestDatabase;
  let f: ResultsFixture;
  let app: ReturnType<typeof createHttpApp>;
  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
  beforeAll(async () => {
    t = await createTestDb();
    f = await seedResultsCampaign(t.db, { orgs: 12, municipalities: 2, fewResponses: [1] });
    await t.db
      .update(checklistAnswers)
      .set({ note: 'Пандус <b>есть</b>', link: 'https://example.org/photo' })
      .where(eq(checklistAnswers.organisationId, f.orgIds[0]!))
      .execute();
    app = createHttpApp({ db: t.db, config: testConfig(), logger: silentLogger });
  });
  afterAll(async () => t?.close());

  it('nothing is public before publication', async () => {
    const v = await computeDraft(t.db, f.campaignId, f.users.operator);
    expect((await get(`/rezultaty/${f.campaignId}`)).status).toBe(404);
    await approveVersion(t.db, v.id, { number: '12-с', date: '2025-10-15', confirmGaps: true }, f.users.chair);
    expect((await get(`/rezultaty/${f.campaignId}`)).status).toBe(404);
    await publishVersion(t.db, v.id, f.users.authority, new Date(), { confirmGaps: true });
    const list = await (await get('/rezultaty')).text();
    expect(list).toContain(`/rezultaty/${f.campaignId}`);
  });

  it('serves the table with an ETag and answers 304 to If-None-Match', async () => {
    const res = await get(`/rezultaty/${f.campaignId}`);
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{16}-[0-9a-f]{12}"$/);
    expect(res.headers.get('cache-control')).toContain('must-revalidate');
    const html = await res.text();
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('№ 12-с от 15.10.2025');
    expect(html.match(/<tbody>[\s\S]*?<\/tbody>/)![0].match(/<tr>/g)).toHaveLength(12);
    const again = await get(`/rezultaty/${f.campaignId}`, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect((await get(`/rezultaty/${f.campaignId}`, { 'if-none-match': `W/${etag}` })).status).toBe(304);
    const gz = await get(`/rezultaty/${f.campaignId}`, { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('etag')).toBe(etag);
    // A different query is a different page, with a different ETag.
    const sorted = await get(`/rezultaty/${f.campaignId}?sort=K3&dir=asc`);
    expect(sorted.headers.get('etag')).not.toBe(etag);
  });

  it('hides survey numbers of an organisation below the minimum and says so', async () => {
    const v = (await getVersion(
      t.db,
      (await (await import('../../src/results/public.server')).publishedVersions(t.db, f.campaignId))[0]!.id,
    ))!;
    const few = v.snapshot.organisations.find((o) => o.id === f.orgIds[1])!;
    expect(few.belowMinimum).toBe(true);
    const html = await (await get(`/rezultaty/${f.campaignId}/o/${few.id}`)).text();
    expect(html).toContain('недостаточно данных');
    // The citizens' voice section links to the organisation's live voice page (docs/voice.md).
    expect(html).toContain(`href="/golos/o/${few.id}"`);
    // The number of 5.3 must not appear anywhere on the card.
    const hiddenValue = few.indicators['5.3']!.value!.toFixed(2).replace('.', ',');
    const shown = few.indicators['1.2']!.value!.toFixed(2).replace('.', ',');
    expect(html).toContain(shown);
    if (hiddenValue !== shown) expect(html).not.toContain(`>${hiddenValue}<`);
    const explain = await (await get(`/rezultaty/${f.campaignId}/o/${few.id}/kak/5.3`)).text();
    expect(explain).toContain('недостаточно данных');
    expect(explain).not.toContain('Ответы на анкету');
  });

  it('sorts and filters through the query string', async () => {
    const v = (await getVersion(
      t.db,
      (await (await import('../../src/results/public.server')).publishedVersions(t.db, f.campaignId))[0]!.id,
    ))!;
    const html = await (
      await get(`/rezultaty/${f.campaignId}?mun=${f.municipalityIds[1]}&type=school&sort=name&dir=desc`)
    ).text();
    const names = [...html.matchAll(/<th scope="row"><a href="[^"]+\/o\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    const expected = v.snapshot.organisations
      .filter((o) => o.territoryId === f.municipalityIds[1] && o.type === 'school')
      .map((o) => o.name)
      .sort()
      .reverse();
    expect(expected.length).toBeGreaterThan(0);
    expect(names).toEqual(expected);
    expect(html).toContain('aria-sort="descending"');
  });

  it('the card has an accessible SVG chart, the same numbers as a table, shortfalls, history and peers', async () => {
    const html = await (await get(`/rezultaty/${f.campaignId}/o/${f.orgIds[0]}`)).text();
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-label="[^"]+"[^>]*><title>/);
    expect(html).toContain('Баллы по критериям');
    expect(html).toContain('Недостатки');
    expect(html).toContain('нет: ');
    expect(html).toContain('Похожие организации');
    expect(html).toContain('НОК 2025 (2025)');
  });

  it('explains a checklist indicator down to the items and their evidence', async () => {
    const html = await (await get(`/rezultaty/${f.campaignId}/o/${f.orgIds[0]}/kak/3.1`)).text();
    expect(html).toContain('Формула');
    expect(html).toContain('Пункты чек-листа и доказательства');
    expect(html).toContain('Пандус &lt;b&gt;есть&lt;/b&gt;');
    expect(html).toContain('Эксперт Тестов');
    const total = await (await get(`/rezultaty/${f.campaignId}/o/${f.orgIds[0]}/kak/Sn`)).text();
    expect(total).toContain(`/kak/K1`);
    const survey = await (await get(`/rezultaty/${f.campaignId}/o/${f.orgIds[0]}/kak/1.3`)).text();
    expect(survey).toContain('Ответы на анкету');
    const criterion = await (await get(`/rezultaty/${f.campaignId}/o/${f.orgIds[0]}/kak/K3`)).text();
    expect(criterion).toContain('Веса после пересчёта');
    expect(criterion).toContain(`/kak/3.3`);
  });

  it('high-contrast mode works from a query parameter and from a cookie set by a plain link', async () => {
    expect(await (await get(`/rezultaty/${f.campaignId}?contrast=1`)).text()).toContain('<body class="contrast">');
    const res = await get(`/rezultaty/kontrast?on=1&back=${encodeURIComponent(`/rezultaty/${f.campaignId}`)}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/rezultaty/${f.campaignId}`);
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('noko_contrast='))!
      .split(';')[0]!;
    expect(await (await get(`/rezultaty/${f.campaignId}`, { cookie })).text()).toContain('<body class="contrast">');
    const evil = await get('/rezultaty/kontrast?on=1&back=https://evil.example/');
    expect(evil.headers.get('location')).toBe('/rezultaty');
  });

  it('exports XLSX (summary with a mean row, all indicators), CSV and JSON open data', async () => {
    const x = await get(`/rezultaty/${f.campaignId}/rezultaty.xlsx`);
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await x.arrayBuffer());
    const s1 = wb.getWorksheet('Итоги')!;
    expect(s1.getRow(3).values).toEqual([
      undefined,
      '№',
      'Муниципалитет',
      'Организация',
      'ИНН',
      'K1',
      'K2',
      'K3',
      'K4',
      'K5',
      'Итого',
      'Оценка',
      'Место',
    ]);
    expect(s1.getRow(3 + 12 + 1).getCell(3).value).toBe('Среднее');
    const s2 = wb.getWorksheet('Показатели')!;
    expect(s2.getRow(1).values).toContain('3.3');
    const csv = await (await get(`/rezultaty/${f.campaignId}/otkrytye-dannye.csv`)).text();
    const lines = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(13);
    expect(lines[0]!.startsWith('campaign_id,campaign_year,version,organisation_id,organisation_inn,')).toBe(true);
    const json = (await (await get(`/rezultaty/${f.campaignId}/otkrytye-dannye.json`)).json()) as {
      organisations: Record<string, unknown>[];
      version: number;
    };
    expect(json.version).toBe(1);
    expect(json.organisations).toHaveLength(12);
    const few = json.organisations.find((o) => o.organisation_id === f.orgIds[1])!;
    expect(few.below_minimum).toBe(true);
    expect(few['p5.3']).toBeNull();
    expect(few.k5).toBeNull();
  });

  it('a correction is a second version; the first stays reachable and says it was replaced', async () => {
    const v2 = await computeDraft(t.db, f.campaignId, f.users.operator, {
      reason: 'Исправлена ошибка ввода по школе № 1',
    });
    await approveVersion(t.db, v2.id, { number: '14-с', date: '2025-11-20', confirmGaps: true }, f.users.chair);
    await publishVersion(t.db, v2.id, f.users.authority, new Date(), { confirmGaps: true });
    const cur = await (await get(`/rezultaty/${f.campaignId}`)).text();
    expect(cur).toContain('Версия 2');
    expect(cur).toContain('Исправлена ошибка ввода');
    const versions = await (await get(`/rezultaty/${f.campaignId}/versii`)).text();
    expect(versions).toContain('Версия 1</a> (заменена)');
    const old = await get(`/rezultaty/${f.campaignId}?v=1`);
    expect(old.headers.get('cache-control')).toContain('immutable');
    const oldHtml = await old.text();
    expect(oldHtml, oldHtml.slice(oldHtml.indexOf('<main'), oldHtml.indexOf('<main') + 1500)).toContain(
      'Эта версия заменена исправленной',
    );
  });

  it('the read-only JSON API is described in /api/openapi.json and hides small-sample survey numbers', async () => {
    const doc = (await (await get('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/results/campaigns',
        '/results/campaigns/{campaignId}',
        '/results/campaigns/{campaignId}/organisations/{organisationId}',
      ]),
    );
    const list = (await (await get('/api/results/campaigns')).json()) as {
      campaigns: { campaignId: string; version: number }[];
    };
    expect(list.campaigns.find((c) => c.campaignId === f.campaignId)!.version).toBe(2);
    const body = (await (await get(`/api/results/campaigns/${f.campaignId}`)).json()) as {
      version: { version: number };
      versions: unknown[];
      organisations: { id: string; criteria: Record<string, number | null>; total: number | null }[];
    };
    expect(body.version.version).toBe(2);
    expect(body.versions).toHaveLength(2);
    const few = body.organisations.find((o) => o.id === f.orgIds[1])!;
    expect(few.criteria.K5).toBeNull();
    expect(few.criteria.K1).not.toBeNull();
    const v1 = (await (await get(`/api/results/campaigns/${f.campaignId}?version=1`)).json()) as {
      version: { superseded: boolean };
    };
    expect(v1.version.superseded).toBe(true);
    const org = (await (await get(`/api/results/campaigns/${f.campaignId}/organisations/${f.orgIds[1]}`)).json()) as {
      indicators: Record<string, { value: number | null; insufficientData: boolean }>;
      explanations: Record<string, unknown>;
    };
    expect(org.indicators['5.3']).toEqual({ value: null, insufficientData: true, survey: null });
    expect(org.explanations['5.3']).toBeNull();
    expect(org.explanations['2.1']).toMatchObject({ kind: 'indicator', id: '2.1' });
    expect((await get(`/api/results/campaigns/${f.orgIds[0]}`)).status).toBe(404);
  });
});
