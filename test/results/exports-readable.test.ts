// Issue 11 item 10: every export carries ИНН; open data has a variant Russian Excel opens directly
// (semicolons, UTF-8 with BOM, Russian headers, decimal commas); old snapshots get ИНН from the registry.
import ExcelJS from 'exceljs';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../app/server/http.server';
import { organisations } from '../../src/db/schema/registry';
import { resultVersions } from '../../src/db/schema/results';
import { withRegistryInn } from '../../src/results/public.server';
import { parseSnapshot } from '../../src/results/snapshot';
import { approveVersion, computeDraft, publishVersion } from '../../src/results/versions.server';
import { silentLogger, testConfig } from '../helpers/app';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { seedResultsCampaign, type ResultsFixture } from './fixtures';

describe(`readable exports with ИНН (${testEngine})`, () => {
  let t: TestDatabase;
  let f: ResultsFixture;
  let app: ReturnType<typeof createHttpApp>;
  let inns: Map<string, string>;
  const get = (path: string) => app.request(path);
  beforeAll(async () => {
    t = await createTestDb();
    f = await seedResultsCampaign(t.db, { orgs: 5, municipalities: 1, fewResponses: [1] });
    // One ИНН with a leading zero (regions 01–09), which Excel would otherwise drop.
    await t.db.update(organisations).set({ inn: '0275012345' }).where(eq(organisations.id, f.orgIds[2]!));
    inns = new Map(
      (
        await t.db
          .select({ id: organisations.id, inn: organisations.inn })
          .from(organisations)
          .where(inArray(organisations.id, f.orgIds))
      ).map((r) => [r.id, r.inn]),
    );
    const v = await computeDraft(t.db, f.campaignId, f.users.operator);
    await approveVersion(t.db, v.id, { number: '1-с', date: '2025-10-15', confirmGaps: true }, f.users.chair);
    await publishVersion(t.db, v.id, f.users.authority, new Date(), { confirmGaps: true });
    app = createHttpApp({ db: t.db, config: testConfig(), logger: silentLogger });
  });
  afterAll(async () => t?.close());

  it('the XLSX names every organisation with its ИНН (as text) and its band', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await get(`/rezultaty/${f.campaignId}/rezultaty.xlsx`)).arrayBuffer());
    for (const name of ['Итоги', 'Показатели']) {
      const sheet = wb.getWorksheet(name)!;
      const headerRow = name === 'Итоги' ? 3 : 1;
      const head = sheet.getRow(headerRow).values as unknown[];
      const col = head.indexOf('ИНН');
      expect(col, name).toBeGreaterThan(0);
      const orgCol = head.indexOf('Организация');
      const found = new Set<string>();
      for (let r = headerRow + 1; r <= headerRow + 5; r++) found.add(String(sheet.getRow(r).getCell(col).value));
      expect(found).toEqual(new Set(inns.values()));
      expect(sheet.getRow(headerRow + 1).getCell(orgCol).value).toMatch(/Организация № /);
    }
  });

  it('open data CSV and JSON and the API carry organisation_inn', async () => {
    const csv = (await (await get(`/rezultaty/${f.campaignId}/otkrytye-dannye.csv`)).text()).replace(/^\ufeff/, '');
    const [head, ...rows] = csv.trim().split('\r\n');
    const k = head!.split(',').indexOf('organisation_inn');
    expect(k).toBe(4);
    expect(new Set(rows.map((r) => r.split(',')[k]))).toEqual(new Set(inns.values()));
    const json = (await (await get(`/rezultaty/${f.campaignId}/otkrytye-dannye.json`)).json()) as {
      organisations: { organisation_id: string; organisation_inn: string }[];
    };
    for (const o of json.organisations) expect(o.organisation_inn).toBe(inns.get(o.organisation_id));
    const api = (await (await get(`/api/results/campaigns/${f.campaignId}`)).json()) as {
      organisations: { id: string; inn: string }[];
    };
    for (const o of api.organisations) expect(o.inn).toBe(inns.get(o.id));
  });

  it('the Excel variant: BOM, semicolons, Russian headers, decimal commas, ИНН with its leading zero kept', async () => {
    const res = await get(`/rezultaty/${f.campaignId}/otkrytye-dannye-excel.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv; charset=utf-8/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const [head, ...rows] = text.trim().split('\r\n');
    const h = head!.split(';');
    expect(h.slice(0, 7)).toEqual(['Кампания', 'Год', 'Версия', 'ИНН', 'Организация', 'Тип', 'Муниципалитет']);
    expect(h).toContain('Итоговый балл');
    expect(h).toContain('Критерий К1');
    expect(h).toContain('Показатель 1.1');
    expect(rows).toHaveLength(5);
    const total = h.indexOf('Итоговый балл');
    for (const r of rows) expect(r.split(';')[total]).toMatch(/^\d{1,3},\d\d$/);
    expect(rows.some((r) => r.split(';')[3] === '="0275012345"')).toBe(true);
    // The organisation below the minimum: its survey numbers are withheld in words, as on the page.
    expect(rows.some((r) => r.includes('недостаточно данных'))).toBe(true);
    // The public page links it.
    expect(await (await get(`/rezultaty/${f.campaignId}`)).text()).toContain('otkrytye-dannye-excel.csv');
  });

  it('a snapshot stored without ИНН (before it was kept) gets it from the registry', async () => {
    const [row] = await t.db
      .select({ snapshot: resultVersions.snapshot })
      .from(resultVersions)
      .where(eq(resultVersions.campaignId, f.campaignId));
    const s = parseSnapshot(JSON.parse(row!.snapshot));
    for (const o of s.organisations) o.inn = null;
    const filled = await withRegistryInn(t.db, s);
    for (const o of filled.organisations) expect(o.inn).toBe(inns.get(o.id));
  });
});
