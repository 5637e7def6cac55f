import type { Tx } from '../db/index.server';
import { territories } from '../db/schema/registry';
import { listOrganisations, type Organisation } from './organisations.server';
import { fieldLabels, formatRuDate, organisationFields, type OrganisationField } from './fields';
import { statusLabels, typeLabels } from './validation';
import { exceljs as excel } from '../lib/lazy.server';

/**
 * A spreadsheet treats text starting with = + - @ (and tab/CR, which some programs strip first) as a
 * formula. Prefixing a single quote keeps it text in Excel and LibreOffice (OWASP «CSV injection»).
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function displayValue(o: Organisation, f: OrganisationField): string | number | null {
  switch (f) {
    case 'type':
      return typeLabels[o.type];
    case 'status':
      return statusLabels[o.status];
    case 'lastAssessedOn':
      return o.lastAssessedOn ? formatRuDate(o.lastAssessedOn) : null;
    case 'recipients':
      return o.recipients;
    default:
      return o[f];
  }
}

export type ExportColumn = { header: string; get: (o: Organisation) => string | number | null };

function columns(territoryNames: Map<string, string>): ExportColumn[] {
  return [
    { header: 'Территория', get: (o) => territoryNames.get(o.territoryId) ?? '' },
    ...organisationFields.map((f) => ({ header: fieldLabels[f], get: (o: Organisation) => displayValue(o, f) })),
  ];
}

function csvQuote(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** CSV for Russian Excel: UTF-8 with BOM, semicolons, CRLF, every text cell neutralised. */
export function toCsv(header: string[], rows: (string | number | null)[][]): Uint8Array {
  const lines = [header, ...rows].map((r) =>
    r.map((v) => (v === null ? '' : typeof v === 'number' ? String(v) : csvQuote(neutraliseCell(v)))).join(';'),
  );
  return new TextEncoder().encode('\uFEFF' + lines.join('\r\n') + '\r\n');
}

export async function toXlsx(
  sheetName: string,
  header: string[],
  rows: (string | number | null)[][],
  textColumns: number[] = [],
): Promise<Uint8Array> {
  const wb = new (excel().Workbook)();
  wb.creator = 'НОКО';
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r.map((v) => (typeof v === 'string' ? neutraliseCell(v) : v)));
  header.forEach((h, i) => {
    ws.getColumn(i + 1).width = Math.max(12, Math.min(60, h.length + 4));
  });
  // ИНН, ОГРН, КПП as text, so that Excel keeps leading zeros and does not write 1,02E+12.
  for (const c of textColumns) ws.getColumn(c).numFmt = '@';
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export async function exportOrganisations(
  db: Tx,
  format: 'csv' | 'xlsx',
  territoryIds?: string[],
): Promise<Uint8Array> {
  const orgs = await listOrganisations(db, territoryIds);
  const names = new Map(
    (await db.select({ id: territories.id, name: territories.name }).from(territories)).map((t) => [t.id, t.name]),
  );
  const cols = columns(names);
  const header = cols.map((c) => c.header);
  const rows = orgs.map((o) => cols.map((c) => c.get(o)));
  if (format === 'csv') return toCsv(header, rows);
  const textCols = ['ИНН', 'ОГРН', 'КПП'].map((h) => header.indexOf(h) + 1);
  return toXlsx('Организации', header, rows, textCols);
}

const templateExample: Record<OrganisationField, string> = {
  fullName: 'Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»',
  shortName: 'МБОУ СОШ № 1',
  type: 'школа',
  inn: '7707083893',
  ogrn: '1027700132195',
  kpp: '773601001',
  address: 'г. Примерск, ул. Школьная, д. 1',
  website: 'https://school1.example.ru',
  headName: 'Иванова Мария Петровна',
  founder: 'Управление образования администрации г. Примерска',
  recipients: '850',
  status: 'действует',
  lastAssessedOn: '15.03.2022',
};

/** The import template: the Russian headers and one example row (delete it before filling in). */
export async function importTemplate(format: 'csv' | 'xlsx'): Promise<Uint8Array> {
  const header = organisationFields.map((f) => fieldLabels[f]);
  const example = organisationFields.map((f) => templateExample[f]);
  if (format === 'csv') return toCsv(header, [example]);
  const textCols = (['inn', 'ogrn', 'kpp', 'lastAssessedOn'] as const).map((f) => organisationFields.indexOf(f) + 1);
  return toXlsx('Организации', header, [example], textCols);
}

export const contentTypes = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
