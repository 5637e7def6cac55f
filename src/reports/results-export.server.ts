// Exports of a published result version: XLSX for officials (sheet 1 the summary with a mean row, sheet 2
// every indicator) and open data (CSV and JSON, schema in docs/open-data.md). Survey indicators of
// organisations below the minimum of responses are blank here as on the public pages.

import { neutraliseCell } from '../registry/export.server';
import type { Snapshot } from '../results/snapshot';
import { shownScore } from '../methodology/bands';
import { isHidden, orgTypeLabels, shownValue } from '../results/view';
import { exceljs as excel } from '../lib/lazy.server';

// The same rounding as every page (and the band): half-up to hundredths on the decimal value.
const round2 = (v: number | null) => (v === null ? null : shownScore(v));

function byRank(s: Snapshot) {
  return [...s.organisations].sort(
    (a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.name.localeCompare(b.name, 'ru'),
  );
}

export async function resultsXlsx(
  s: Snapshot,
  meta: { version: number; contentHash: string; decision: string },
): Promise<Uint8Array> {
  const wb = new (excel().Workbook)();
  wb.creator = 'НОКО';
  const crit = s.criteria.map((c) => c.id);
  const sheet1 = wb.addWorksheet('Итоги');
  sheet1.addRow([`${s.campaign.title}: результаты независимой оценки, версия ${meta.version}`]);
  sheet1.addRow([`${meta.decision}. Контрольная сумма SHA-256: ${meta.contentHash}`]);
  const header = sheet1.addRow(['№', 'Муниципалитет', 'Организация', 'ИНН', ...crit, 'Итого', 'Оценка', 'Место']);
  header.font = { bold: true };
  const rows = byRank(s);
  rows.forEach((o, i) => {
    sheet1.addRow([
      i + 1,
      neutraliseCell(o.territoryName),
      neutraliseCell(o.name),
      o.inn ?? '',
      ...crit.map((c) => round2(shownValue(s, o, c, 'public'))),
      round2(o.total),
      o.band ?? '',
      o.rank,
    ]);
  });
  const mean = sheet1.addRow([
    '',
    '',
    'Среднее',
    '',
    ...crit.map((c) => round2(s.territory.criteria[c] ?? null)),
    round2(s.territory.total),
    '',
    '',
  ]);
  mean.font = { bold: true };
  sheet1.columns.forEach((col, i) => (col.width = i === 2 ? 50 : i === 1 ? 24 : i === 3 ? 14 : 10));
  // ИНН as text, so Excel keeps a leading zero.
  sheet1.getColumn(4).numFmt = '@';
  for (let c = 5; c <= 5 + crit.length; c++) sheet1.getColumn(c).numFmt = '0.00';

  const ind = s.criteria.flatMap((c) => c.indicators.map((i) => i.id));
  const sheet2 = wb.addWorksheet('Показатели');
  const h2 = sheet2.addRow([
    '№',
    'Муниципалитет',
    'Организация',
    'ИНН',
    'Тип',
    'Ответов',
    ...ind,
    ...crit,
    'Итого',
    'Место',
  ]);
  h2.font = { bold: true };
  rows.forEach((o, i) => {
    sheet2.addRow([
      i + 1,
      neutraliseCell(o.territoryName),
      neutraliseCell(o.name),
      o.inn ?? '',
      orgTypeLabels[o.type],
      o.respondents,
      ...ind.map((id) =>
        isHidden(s, o, id, 'public') ? 'недостаточно данных' : round2(shownValue(s, o, id, 'public')),
      ),
      ...crit.map((c) => round2(shownValue(s, o, c, 'public'))),
      round2(o.total),
      o.rank,
    ]);
  });
  sheet2.getColumn(4).numFmt = '@';
  sheet2.addRow([
    '',
    '',
    'Среднее',
    '',
    '',
    '',
    ...ind.map((id) => round2(s.territory.indicators[id] ?? null)),
    ...crit.map((c) => round2(s.territory.criteria[c] ?? null)),
    round2(s.territory.total),
    '',
  ]).font = { bold: true };
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

/** Open-data columns, in order (documented in docs/open-data.md). */
export function openDataColumns(s: Snapshot): string[] {
  const ind = s.criteria.flatMap((c) => c.indicators.map((i) => `p${i.id}`));
  return [
    'campaign_id',
    'campaign_year',
    'version',
    'organisation_id',
    'organisation_inn',
    'organisation',
    'organisation_type',
    'municipality',
    'respondents',
    'below_minimum',
    ...ind,
    ...s.criteria.map((c) => c.id.toLowerCase()),
    'total',
    'band',
    'rank',
    'total_interval_lower',
    'total_interval_upper',
  ];
}

export function openDataRows(s: Snapshot, version: number): (string | number | boolean | null)[][] {
  const ind = s.criteria.flatMap((c) => c.indicators.map((i) => i.id));
  return byRank(s).map((o) => [
    s.campaign.id,
    s.campaign.year,
    version,
    o.id,
    o.inn,
    o.name,
    o.type,
    o.territoryName,
    o.respondents,
    o.belowMinimum,
    ...ind.map((id) => round2(shownValue(s, o, id, 'public'))),
    ...s.criteria.map((c) => round2(shownValue(s, o, c.id, 'public'))),
    round2(o.total),
    o.band,
    o.rank,
    round2(o.surveyInterval?.lower ?? null),
    round2(o.surveyInterval?.upper ?? null),
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

const ru2 = (v: number | null) => (v === null ? '' : shownScore(v).toFixed(2).replace('.', ','));
const excelCell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Russian headers of the Excel variant, in the order of its columns. */
export function excelCsvHeader(s: Snapshot): string[] {
  const ind = s.criteria.flatMap((c) => c.indicators.map((i) => `Показатель ${i.id}`));
  return [
    'Кампания',
    'Год',
    'Версия',
    'ИНН',
    'Организация',
    'Тип',
    'Муниципалитет',
    'Ответов на анкету',
    'Ответов меньше минимума',
    ...ind,
    ...s.criteria.map((c) => `Критерий ${c.id.replace('K', 'К')}`),
    'Итоговый балл',
    'Оценка',
    'Место',
    'Интервал итога: от',
    'Интервал итога: до',
  ];
}

/**
 * The open data as Russian Excel opens it with a double click: UTF-8 with BOM, semicolons, Russian
 * headers, decimal commas, CRLF. Text cells are neutralised; an ИНН starting with 0 is written as ="…" so
 * Excel keeps the zero (digits only, so it cannot carry a formula of anyone else's).
 */
export function resultsCsvExcel(s: Snapshot, version: number): string {
  const ind = s.criteria.flatMap((c) => c.indicators.map((i) => i.id));
  const rows = byRank(s).map((o) => [
    excelCell(neutraliseCell(s.campaign.title)),
    String(s.campaign.year),
    String(version),
    o.inn ? (/^0\d+$/.test(o.inn) ? `="${o.inn}"` : o.inn) : '',
    excelCell(neutraliseCell(o.name)),
    orgTypeLabels[o.type],
    excelCell(neutraliseCell(o.territoryName)),
    String(o.respondents),
    o.belowMinimum ? 'да' : 'нет',
    ...ind.map((id) => (isHidden(s, o, id, 'public') ? 'недостаточно данных' : ru2(shownValue(s, o, id, 'public')))),
    ...s.criteria.map((c) =>
      isHidden(s, o, c.id, 'public') ? 'недостаточно данных' : ru2(shownValue(s, o, c.id, 'public')),
    ),
    ru2(o.total),
    o.band ?? 'нет данных',
    o.rank === null ? '' : String(o.rank),
    ru2(o.surveyInterval?.lower ?? null),
    ru2(o.surveyInterval?.upper ?? null),
  ]);
  return '\ufeff' + [excelCsvHeader(s).map(excelCell), ...rows].map((r) => r.join(';')).join('\r\n') + '\r\n';
}

export function resultsJson(
  s: Snapshot,
  meta: { version: number; contentHash: string; publishedAt: Date | null; supersededBy: string | null },
) {
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
    organisations: openDataRows(s, meta.version).map((r) =>
      Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null])),
    ),
  };
}
