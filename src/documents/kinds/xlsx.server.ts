// The two spreadsheet documents of this folder: the deadlines sheet and the territory summary of plan
// execution (exceljs). Text cells are neutralised against formula injection; figures stay numbers.
import type ExcelJSType from 'exceljs';
import { createRequire } from 'node:module';
import { DEADLINE_COLUMNS, deadlineCells, type DeadlinesSheet } from './deadlines';
import { neutralise } from './format';
import { PLAN_SUMMARY_COLUMNS, planSummaryCells, type PlanSummary } from './plan-summary';

// exceljs costs ~0.4 s to load: load it on first use, not at server start.
const requireLazy = createRequire(import.meta.url);
const excel = (): typeof ExcelJSType => requireLazy('exceljs') as typeof ExcelJSType;

const thin = { style: 'thin' as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };

async function bytes(wb: ExcelJSType.Workbook): Promise<Uint8Array> {
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

export async function deadlinesXlsx(sheet: DeadlinesSheet): Promise<Uint8Array> {
  const wb = new (excel().Workbook)();
  wb.creator = 'НОКО';
  const ws = wb.addWorksheet('Сроки', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: 3 }],
  });
  ws.addRow([sheet.title]).font = { bold: true, size: 13 };
  ws.addRow([neutralise(sheet.subtitle)]);
  const head = ws.addRow([...DEADLINE_COLUMNS]);
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'top' };
  head.eachCell((c) => (c.border = border));
  for (const g of sheet.groups) {
    const gr = ws.addRow([g.title]);
    gr.font = { bold: true };
    ws.mergeCells(gr.number, 1, gr.number, DEADLINE_COLUMNS.length);
    if (!g.rows.length) ws.addRow(['нет сроков']);
    for (const r of g.rows) {
      const row = ws.addRow(deadlineCells(r).map(neutralise));
      row.alignment = { wrapText: true, vertical: 'top' };
      row.eachCell({ includeEmpty: true }, (c) => (c.border = border));
      if (r.overdue) row.getCell(9).font = { bold: true, color: { argb: 'FF9B1C1C' } };
    }
  }
  ws.addRow([]);
  ws.addRow([`Всего сроков: ${sheet.counts.total}; просрочено: ${sheet.counts.overdue}.`]);
  ws.addRow([
    'Сроки исчислены по ст. 191–193 ГК РФ: течение срока начинается на следующий день после события, окончание, выпавшее на нерабочий день, переносится на ближайший рабочий день.',
  ]);
  [40, 26, 36, 28, 12, 14, 12, 12, 30, 28, 30].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return bytes(wb);
}

export async function planSummaryXlsx(s: PlanSummary): Promise<Uint8Array> {
  const wb = new (excel().Workbook)();
  wb.creator = 'НОКО';
  const ws = wb.addWorksheet('Выполнение планов', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: 3, xSplit: 3 }],
  });
  ws.addRow([s.title]).font = { bold: true, size: 13 };
  ws.addRow([neutralise(s.subtitle)]);
  const head = ws.addRow([...PLAN_SUMMARY_COLUMNS]);
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'top' };
  head.eachCell((c) => (c.border = border));
  for (const r of s.rows) {
    const row = ws.addRow(planSummaryCells(r).map((v) => (typeof v === 'string' ? neutralise(v) : v)));
    row.eachCell({ includeEmpty: true }, (c) => (c.border = border));
  }
  const total = ws.addRow(planSummaryCells(s.total));
  total.font = { bold: true };
  total.eachCell({ includeEmpty: true }, (c) => (c.border = border));
  ws.getColumn(2).numFmt = '@';
  // The share column is a number (Excel sorts and sums it); shown with a decimal comma by the locale.
  ws.getColumn(PLAN_SUMMARY_COLUMNS.length).numFmt = '0.0';

  const ws2 = wb.addWorksheet('По разделам');
  ws2.addRow([s.title]).font = { bold: true };
  const h2 = ws2.addRow([
    'Раздел плана',
    'Мероприятий',
    'Выполнено и проверено',
    'Просрочено',
    'Отменено',
    'Перенесено',
    'Требуют финансирования',
  ]);
  h2.font = { bold: true };
  for (const x of s.sections)
    ws2.addRow([`${x.section}. ${x.title}`, x.rows, x.verified, x.overdue, x.cancelled, x.carried, x.funding]);
  ws2.getColumn(1).width = 60;
  [36, 14, 60, 16, 14].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  for (let i = 6; i <= PLAN_SUMMARY_COLUMNS.length; i++) ws.getColumn(i).width = 13;
  return bytes(wb);
}
