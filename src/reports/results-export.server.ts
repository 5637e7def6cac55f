// Exports of a published result version: XLSX for officials (sheet 1 the summary with a mean row, sheet 2
// every indicator) and open data (CSV and JSON, schema in docs/open-data.md). Survey indicators of
// organisations below the minimum of responses are blank here as on the public pages.
import type ExcelJSType from 'exceljs';
import { createRequire } from 'node:module';

// exceljs costs ~0.4 s to load: load it on first use, not at server start.
const requireLazy = createRequire(import.meta.url);
const excel = (): typeof ExcelJSType => requireLazy('exceljs') as typeof ExcelJSType;
import { neutraliseCell } from '../registry/export.server';
import type { Snapshot } from '../results/snapshot';
import { isHidden, orgTypeLabels, shownValue } from '../results/view';

const round2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

function byRank(s: Snapshot) {
  return [...s.organisations].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.name.localeCompare(b.name, 'ru'));
}

export async function resultsXlsx(s: Snapshot, meta: { version: number; contentHash: string; decision: string }): Promise<Uint8Array> {
  const wb = new (excel().Workbook)();
  wb.creator = 'НОКО';
  const crit = s.criteria.map((c) => c.id);
  const sheet1 = wb.addWorksheet('Итоги');
  sheet1.addRow([`${s.campaign.title}: результаты независимой оценки, версия ${meta.version}`]);
  sheet1.addRow([`${meta.decision}. Контрольная сумма SHA-256: ${meta.contentHash}`]);
  const header = sheet1.addRow(['№', 'Муниципалитет', 'Организация', ...crit, 'Итого', 'Место']);
  header.font = { bold: true };
  const rows = byRank(s);
  rows.forEach((o, i) => {
    sheet1.addRow([i + 1, neutraliseCell(o.territoryName), neutraliseCell(o.name), ...crit.map((c) => round2(shownValue(s, o, c, 'public'))), round2(o.total), o.rank]);
  });
  const mean = sheet1.addRow(['', '', 'Среднее', ...crit.map((c) => round2(s.territory.criteria[c] ?? null)), round2(s.territory.total), '']);
  mean.font = { bold: true };
  sheet1.columns.forEach((col, i) => (col.width = i === 2 ? 50 : i === 1 ? 24 : 10));
  for (let c = 4; c <= 4 + crit.length; c++) sheet1.getColumn(c).numFmt = '0.00';

  const ind = s.criteria.flatMap((c) => c.indicators.map((i) => i.id));
  const sheet2 = wb.addWorksheet('Показатели');
  const h2 = sheet2.addRow(['№', 'Муниципалитет', 'Организация', 'Тип', 'Ответов', ...ind, ...crit, 'Итого', 'Место']);
  h2.font = { bold: true };
  rows.forEach((o, i) => {
    sheet2.addRow([
      i + 1, neutraliseCell(o.territoryName), neutraliseCell(o.name), orgTypeLabels[o.type], o.respondents,
      ...ind.map((id) => (isHidden(s, o, id, 'public') ? 'недостаточно данных' : round2(shownValue(s, o, id, 'public')))),
      ...crit.map((c) => round2(shownValue(s, o, c, 'public'))), round2(o.total), o.rank,
    ]);
  });
  sheet2.addRow(['', '', 'Среднее', '', '', ...ind.map((id) => round2(s.territory.indicators[id] ?? null)), ...crit.map((c) => round2(s.territory.criteria[c] ?? null)), round2(s.territory.total), '']).font = { bold: true };
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

/** Open-data columns, in order (documented in docs/open-data.md). */
export function openDataColumns(s: Snapshot): string[] {
  const ind = s.criteria.flatMap((c) => c.indicators.map((i) => `p${i.id}`));
  return ['campaign_id', 'campaign_year', 'version', 'organisation_id', 'organisation', 'organisation_type', 'municipality', 'respondents', 'below_minimum', ...ind, ...s.criteria.map((c) => c.id.toLowerCase()), 'total', 'band', 'rank', 'total_interval_lower', 'total_interval_upper'];
}

export function openDataRows(s: Snapshot, version: number): (string | number | boolean | null)[][] {
  const ind = s.criteria.flatMap((c) => c.indicators.map((i) => i.id));
  return byRank(s).map((o) => [
    s.campaign.id, s.campaign.year, version, o.id, o.name, o.type, o.territoryName, o.respondents, o.belowMinimum,
    ...ind.map((id) => round2(shownValue(s, o, id, 'public'))),
    ...s.criteria.map((c) => round2(shownValue(s, o, c.id, 'public'))),
    round2(o.total), o.band, o.rank, round2(o.surveyInterval?.lower ?? null), round2(o.surveyInterval?.upper ?? null),
  ]);
}

const csvCell = (v: string | number | boolean | null) => {
  if (v === null) return '';
  const s = typeof v === 'string' ? neutraliseCell(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** UTF-8 CSV with BOM (Excel opens it correctly), comma separator, decimal point, empty = no data. */
export function resultsCsv(s: Snapshot, version: number): string {
  const lines = [openDataColumns(s).join(','), ...openDataRows(s, version).map((r) => r.map(csvCell).join(','))];
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

export function resultsJson(s: Snapshot, meta: { version: number; contentHash: string; publishedAt: Date | null; supersededBy: string | null }) {
  const columns = openDataColumns(s);
  return {
    schema: 'https://noko.example/docs/open-data.md#json',
    format: 'noko.opendata/1',
    campaign: s.campaign,
    methodology: s.methodology,
    policies: s.policies,
    version: meta.version,
    contentHash: meta.contentHash,
    publishedAt: meta.publishedAt?.toISOString() ?? null,
    superseded: meta.supersededBy !== null,
    mean: { total: s.territory.total, criteria: s.territory.criteria, indicators: s.territory.indicators },
    organisations: openDataRows(s, meta.version).map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null]))),
  };
}
