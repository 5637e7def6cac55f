// The bus.gov.ru package, the deadlines sheet and the plan summary built from the demo's whole cycle:
// every number is compared with the open data of the same published version or with the rows as stored.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, inArray, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/campaigns/demo.server';
import { improvementPlans, planItems, planReports } from '../../src/db/schema/plans';
import { councilProposals } from '../../src/db/schema/council';
import { organisations } from '../../src/db/schema/registry';
import { busGovInput, busGovZip } from '../../src/documents/kinds/busgov.server';
import { BUSGOV_FILES } from '../../src/documents/kinds/busgov';
import { deadlinesSheetOf, planSummaryOf } from '../../src/documents/kinds/data.server';
import { deadlinesXlsx, planSummaryXlsx } from '../../src/documents/kinds/xlsx.server';
import { DocumentError } from '../../src/documents/registry.server';
import { openDataColumns, openDataRows } from '../../src/reports/results-export.server';
import { withRegistryInn } from '../../src/results/public.server';
import { currentPublished, getVersion } from '../../src/results/versions.server';
import { isOverdue } from '../../src/plans/model';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';

/** Parses the package's CSV dialect (BOM, «;», quoted cells, ="…" keys). */
function parseCsv(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.slice(1);
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && s[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows.map((r) => r.map((c) => c.replace(/^="(\d+)"$/, '$1').replace(/^=(\d+)$/, '$1')));
}

const TODAY = new Date().toISOString().slice(0, 10);

describe(`documents of the campaign: bus.gov.ru package, deadlines, plan summary (${testEngine})`, () => {
  let t: TestDatabase;
  let dataDir: string;
  let work: string;
  let pastCampaignId: string;
  let currentCampaignId: string;

  beforeAll(async () => {
    t = await createTestDb();
    dataDir = mkdtempSync(path.join(tmpdir(), 'noko-docs2-'));
    work = mkdtempSync(path.join(tmpdir(), 'noko-docs2-out-'));
    const r = await seedDemo(t.db, dataDir);
    pastCampaignId = r.pastCampaignId;
    currentCampaignId = r.currentCampaignId;
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('the package unzips into the files the README names; results equal the open data of the published version', async () => {
    const input = await busGovInput(t.db, pastCampaignId, TODAY);
    const pdf = new TextEncoder().encode('%PDF-1.4 test');
    const zip = await busGovZip(input, [
      { path: 'documents/reshenie-soveta.pdf', title: 'решение совета', bytes: pdf },
    ]);
    const file = path.join(work, 'busgov.zip');
    writeFileSync(file, zip);
    const dir = path.join(work, 'busgov');
    execFileSync('unzip', ['-q', '-o', file, '-d', dir]);
    expect(readdirSync(dir).sort()).toEqual([...Object.values(BUSGOV_FILES), 'documents'].sort());
    expect(readFileSync(path.join(dir, 'documents/reshenie-soveta.pdf'))).toEqual(Buffer.from(pdf));
    const readme = readFileSync(path.join(dir, BUSGOV_FILES.readme), 'utf8');
    for (const f of Object.values(BUSGOV_FILES).filter((f) => f !== BUSGOV_FILES.readme)) expect(readme).toContain(f);
    expect(readme).toContain('documents/reshenie-soveta.pdf — решение совета');
    expect(readme).not.toMatch(/xsd|xml/i);

    // The same version and the same values as the open data (CSV «p1.1»… columns), with a decimal comma.
    const published = (await currentPublished(t.db, pastCampaignId))!;
    const snap = await withRegistryInn(t.db, (await getVersion(t.db, published.id))!.snapshot);
    const cols = openDataColumns(snap);
    const open = openDataRows(snap, published.version);
    const results = parseCsv(readFileSync(path.join(dir, BUSGOV_FILES.results), 'utf8'));
    const head = results[0]!;
    expect(head.slice(0, 3)).toEqual(['ИНН', 'КПП', 'ОГРН']);
    expect(results.length - 1).toBe(open.length);
    const indicatorIds = snap.criteria.flatMap((c) => c.indicators.map((i) => i.id));
    expect(indicatorIds[0]).toBe('1.1');
    expect(indicatorIds.at(-1)).toBe('5.3');
    const regs = await t.db
      .select()
      .from(organisations)
      .where(
        inArray(
          organisations.id,
          snap.organisations.map((o) => o.id),
        ),
      );
    for (const [k, o] of open.entries()) {
      const row = results[k + 1]!;
      const get = (col: string) => o[cols.indexOf(col)];
      const reg = regs.find((r) => r.id === get('organisation_id'))!;
      expect(row.slice(0, 3)).toEqual([reg.inn, reg.kpp ?? '', reg.ogrn ?? '']);
      const num = (v: unknown) => (v === null ? '' : String(v).replace('.', ','));
      for (const id of indicatorIds) {
        const cell = row[head.indexOf(`Показатель ${id}`)];
        if (cell !== 'недостаточно данных')
          expect(cell, `${reg.inn} ${id}`).toBe(
            num(get(`p${id}`))
              .replace(/^(\d+)$/, '$1,00')
              .replace(/,(\d)$/, ',$10'),
          );
      }
      for (const c of ['K1', 'K2', 'K3', 'K4', 'K5']) {
        const cell = row[head.indexOf(`Критерий ${c.replace('K', 'К')}`)];
        if (cell !== 'недостаточно данных') expect(Number(cell!.replace(',', '.'))).toBe(get(c.toLowerCase()));
      }
      expect(Number(row[head.indexOf('Итоговый балл')]!.replace(',', '.'))).toBe(get('total'));
      expect(row[head.indexOf('Место в рейтинге')]).toBe(String(get('rank') ?? ''));
    }

    // Operator and contract as recorded on the campaign.
    const op = parseCsv(readFileSync(path.join(dir, BUSGOV_FILES.operator), 'utf8'));
    expect(op[1]![3]).toBe(input.campaign.operatorName);
    expect(op[1]![4]).toBe(input.campaign.operatorContract);
    expect(op[1]![7]).toBe(String(published.version));

    // Plan rows: one line per row of every public plan, with section and number.
    const publicPlans = await t.db
      .select({ id: improvementPlans.id })
      .from(improvementPlans)
      .where(
        and(
          eq(improvementPlans.campaignId, pastCampaignId),
          inArray(improvementPlans.status, ['approved', 'published']),
        ),
      );
    const rows = await t.db
      .select()
      .from(planItems)
      .where(
        inArray(
          planItems.planId,
          publicPlans.map((p) => p.id),
        ),
      );
    const plans = parseCsv(readFileSync(path.join(dir, BUSGOV_FILES.plans), 'utf8'));
    expect(plans.length - 1).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(0);
    const ph = plans[0]!;
    for (const r of rows.slice(0, 20)) {
      const line = plans.find(
        (l) => l[ph.indexOf('2. Мероприятие')] === r.measure && l[ph.indexOf('№ п/п')] === String(r.position),
      );
      expect(line, r.measure).toBeDefined();
      expect(line![ph.indexOf('Раздел')]).toBe(r.section);
    }
    expect(plans.slice(1).every((l) => /^(I|II|III|IV|V)$/.test(l[ph.indexOf('Раздел')]!))).toBe(true);
    expect(
      plans
        .slice(1)
        .filter((l) => l[ph.indexOf('5.2. Фактический срок')])
        .every((l) => /^\d\d\.\d\d\.\d{4}$/.test(l[ph.indexOf('5.2. Фактический срок')]!)),
    ).toBe(true);

    // Report rows: the rows as frozen in each report.
    const reports = await t.db
      .select()
      .from(planReports)
      .where(
        inArray(
          planReports.planId,
          publicPlans.map((p) => p.id),
        ),
      );
    const reportCsv = parseCsv(readFileSync(path.join(dir, BUSGOV_FILES.reports), 'utf8'));
    expect(reportCsv.length - 1).toBe(reports.reduce((a, r) => a + (r.rows as unknown[]).length, 0));

    // Proposals: each organisation's own and the ones to all; the founder's at the end.
    const adopted = await t.db
      .select()
      .from(councilProposals)
      .where(and(eq(councilProposals.campaignId, pastCampaignId), eq(councilProposals.status, 'adopted')));
    const prop = parseCsv(readFileSync(path.join(dir, BUSGOV_FILES.proposals), 'utf8'));
    const own = adopted.filter((p) => p.organisationId);
    for (const p of own)
      expect(prop.some((l) => l[8] === p.text && l[0] === regs.find((r) => r.id === p.organisationId)?.inn)).toBe(true);
    expect(prop.slice(1).every((l) => /^№ .+ от \d\d\.\d\d\.\d{4}$/.test(l[10]!))).toBe(true);
    expect(readme).toMatch(new RegExp(`${prop.length - 1} строк(а|и)?`));
  }, 60_000);

  it('a campaign without published results gives a clear refusal, not a package', async () => {
    await expect(busGovInput(t.db, currentCampaignId, TODAY)).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining('не опубликованы'),
    });
    await expect(busGovInput(t.db, 'not-a-uuid', TODAY)).rejects.toBeInstanceOf(DocumentError);
  });

  it('the deadlines sheet: both statutory months with their rule and calendar, plan deadlines and report due dates', async () => {
    const sheet = await deadlinesSheetOf(t.db, pastCampaignId, TODAY);
    const law = sheet.groups[0]!;
    expect(law.rows).toHaveLength(2);
    for (const r of law.rows) {
      expect(r.basis).toContain('273-ФЗ');
      expect(r.rule).toContain('1 месяц');
      expect(r.from).toMatch(/^\d\d\.\d\d\.\d{4}$/);
      expect(r.due).toMatch(/^\d\d\.\d\d\.\d{4}$/);
      expect(r.calendar).toMatch(/календар|ст\. 112/);
    }
    const plans = sheet.groups.find((g) => g.title.startsWith('Планы'))!;
    expect(plans.rows.some((r) => r.title.startsWith('Сведения о ходе реализации планов за 1 квартал'))).toBe(true);
    const total = (
      await t.db
        .select({ id: improvementPlans.id })
        .from(improvementPlans)
        .where(and(eq(improvementPlans.campaignId, pastCampaignId), ne(improvementPlans.status, 'superseded')))
    ).length;
    expect(plans.rows[0]!.status).toMatch(new RegExp(`из ${total} план(а|ов)$`));
    expect(sheet.counts.total).toBe(sheet.groups.reduce((a, g) => a + g.rows.length, 0));
    const xlsx = await deadlinesXlsx(sheet);
    expect(Buffer.from(xlsx.slice(0, 2)).toString()).toBe('PK');
    // The current campaign before the operator's report: its council month waits, nothing is invented.
    const current = await deadlinesSheetOf(t.db, currentCampaignId, TODAY);
    expect(current.groups[0]!.rows.every((r) => r.status.length > 0)).toBe(true);
  }, 60_000);

  it('the plan summary counts the rows as stored; overdue as the plans room computes it', async () => {
    const s = await planSummaryOf(t.db, pastCampaignId, TODAY);
    const plans = await t.db
      .select()
      .from(improvementPlans)
      .where(and(eq(improvementPlans.campaignId, pastCampaignId), ne(improvementPlans.status, 'superseded')));
    const items = await t.db
      .select()
      .from(planItems)
      .where(
        inArray(
          planItems.planId,
          plans.map((p) => p.id),
        ),
      );
    expect(s.total.rows).toBe(items.length);
    expect(s.total.verified).toBe(items.filter((i) => i.status === 'verified').length);
    expect(s.total.overdue).toBe(items.filter((i) => isOverdue(i, TODAY)).length);
    expect(s.total.overdue).toBeGreaterThan(0);
    expect(s.sections.reduce((a, x) => a + x.rows, 0)).toBe(items.length);
    const one = plans[0]!;
    const [org] = await t.db.select().from(organisations).where(eq(organisations.id, one.organisationId));
    const row = s.rows.find((r) => r.inn === org!.inn)!;
    const mine = items.filter((i) => i.planId === one.id);
    expect(row.rows).toBe(mine.length);
    const base = mine.length - mine.filter((i) => i.status === 'cancelled').length;
    expect(row.share).toBe(
      base ? Math.round((mine.filter((i) => i.status === 'verified').length / base) * 1000) / 10 : null,
    );
    expect(s.total.organisation).toMatch(/^организаций: \d+, с планом: \d+$/);
    const xlsx = await planSummaryXlsx(s);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Выполнение планов')!;
    const last = ws.getRow(ws.rowCount);
    expect(last.getCell(1).value).toBe('Итого');
    expect(last.getCell(6).value).toBe(items.length);
  }, 60_000);
});
