import { inArray } from 'drizzle-orm';
import { parse as parseCsv } from 'csv-parse/sync';
import type ExcelJSType from 'exceljs';
import { createRequire } from 'node:module';

// exceljs costs ~0.4 s to load: load it on first use, not at server start.
const requireLazy = createRequire(import.meta.url);
const excel = (): typeof ExcelJSType => requireLazy('exceljs') as typeof ExcelJSType;
import iconv from 'iconv-lite';
import type { Db } from '../db/index.server';
import type { Actor } from '../db/audit.server';
import { organisations, territories } from '../db/schema/registry';
import { getTerritory, saveOrganisationInTx } from './organisations.server';
import { fieldLabels, organisationFields, parseRussianDate, validateOrganisation, type OrganisationField, type OrganisationInput } from './fields';

/** Larger files are refused before any parsing: an office registry of a region is well under a megabyte. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** Rows per file; a region has a few thousand organisations at most. */
export const MAX_IMPORT_ROWS = 20_000;

export type ImportIssue = { line: number; column: string | null; message: string };

export class ImportRefused extends Error {
  constructor(
    message: string,
    readonly issues: ImportIssue[] = [],
  ) {
    super(message);
  }
}

export type ParsedRow = { line: number; values: Partial<Record<OrganisationField, string>> };
export type ParsedFile = { format: 'csv' | 'xlsx'; encoding?: string; delimiter?: string; rows: ParsedRow[] };

const headerAliases: Record<string, OrganisationField> = {};
function normHeader(h: string): string {
  return h.toLowerCase().replace(/ё/g, 'е').replace(/[*«»"'.:()]/g, ' ').replace(/\s+/g, ' ').trim();
}
for (const f of organisationFields) {
  headerAliases[normHeader(fieldLabels[f])] = f;
  headerAliases[normHeader(f)] = f;
}
Object.assign(headerAliases, {
  наименование: 'fullName',
  'полное наименование организации': 'fullName',
  'сокращенное наименование': 'shortName',
  'краткое наименование организации': 'shortName',
  'тип организации': 'type',
  вид: 'type',
  огрнип: 'ogrn',
  'огрн огрнип': 'ogrn',
  'юридический адрес': 'address',
  сайт: 'website',
  'адрес сайта': 'website',
  директор: 'headName',
  'фио руководителя': 'headName',
  'число получателей': 'recipients',
  'численность получателей услуг': 'recipients',
  'контингент': 'recipients',
  'дата оценки': 'lastAssessedOn',
} satisfies Record<string, OrganisationField>);

const MAGIC: [number[], string][] = [
  [[0x50, 0x4b, 0x03, 0x04], 'ZIP/XLSX'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'старый формат Excel (XLS) или Word'],
  [[0x25, 0x50, 0x44, 0x46], 'PDF'],
  [[0x89, 0x50, 0x4e, 0x47], 'PNG'],
  [[0xff, 0xd8, 0xff], 'JPEG'],
  [[0x7f, 0x45, 0x4c, 0x46], 'исполняемый файл'],
  [[0x4d, 0x5a], 'исполняемый файл'],
  [[0x1f, 0x8b], 'архив gzip'],
  [[0x52, 0x61, 0x72, 0x21], 'архив RAR'],
];

function sniff(bytes: Uint8Array): string | null {
  for (const [sig, name] of MAGIC) if (sig.every((b, i) => bytes[i] === b)) return name;
  return null;
}

/** Text of a CSV: UTF-8 (with or without BOM) or, failing strict UTF-8, Windows-1251. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8 (BOM)' };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const le = bytes[0] === 0xff;
    return { text: iconv.decode(Buffer.from(bytes.subarray(2)), le ? 'utf-16le' : 'utf-16be'), encoding: le ? 'UTF-16LE' : 'UTF-16BE' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), 'win1251'), encoding: 'Windows-1251' };
  }
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 64 * 1024);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) control++;
  }
  return n > 0 && control / n > 0.01;
}

function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = [';', ',', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ';';
}

function mapHeader(header: string[]): { map: (OrganisationField | null)[]; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const seen = new Set<OrganisationField>();
  const map = header.map((h, i) => {
    const key = normHeader(h);
    if (!key) return null;
    const f = headerAliases[key] ?? null;
    if (!f) {
      issues.push({ line: 1, column: h.trim(), message: `неизвестный столбец «${h.trim()}» (столбец ${i + 1}); используйте заголовки из шаблона` });
      return null;
    }
    if (seen.has(f)) issues.push({ line: 1, column: h.trim(), message: `столбец «${fieldLabels[f]}» указан дважды` });
    seen.add(f);
    return f;
  });
  for (const f of ['fullName', 'shortName', 'type', 'inn'] as const) {
    if (!seen.has(f)) issues.push({ line: 1, column: fieldLabels[f], message: `нет обязательного столбца «${fieldLabels[f]}»` });
  }
  return { map, issues };
}

/** Strips the quote our export puts in front of formula-like text, so an export re-imports unchanged. */
function unneutralise(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

function toRows(records: { cells: string[]; line: number }[]): ParsedRow[] {
  if (records.length === 0) throw new ImportRefused('Файл пуст: нет строки заголовков.');
  const { map, issues } = mapHeader(records[0]!.cells);
  if (issues.length > 0) throw new ImportRefused('Заголовки столбцов не совпадают с шаблоном.', issues);
  const rows: ParsedRow[] = [];
  for (const r of records.slice(1)) {
    if (r.cells.every((c) => c.trim() === '')) continue;
    const values: ParsedRow['values'] = {};
    r.cells.forEach((c, i) => {
      const f = map[i];
      if (f) values[f] = unneutralise(c);
    });
    rows.push({ line: r.line, values });
  }
  if (rows.length > MAX_IMPORT_ROWS) throw new ImportRefused(`В файле ${rows.length} строк; за один раз можно загрузить не больше ${MAX_IMPORT_ROWS}.`);
  return rows;
}

function parseCsvText(text: string, delimiter: string): { cells: string[]; line: number }[] {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parseCsv(text, { delimiter, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true }) as never;
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 0;
    throw new ImportRefused('Не удалось разобрать CSV: проверьте кавычки и разделители.', [{ line, column: null, message: (err as Error).message }]);
  }
  return parsed.map(({ record, info }) => {
    const extraLines = record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
    return { cells: record, line: info.lines - extraLines };
  });
}

function cellText(value: ExcelJSType.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText((value as { result?: ExcelJSType.CellValue }).result ?? null);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

async function parseXlsx(bytes: Uint8Array): Promise<{ cells: string[]; line: number }[]> {
  const wb = new (excel().Workbook)();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJSType.Buffer);
  } catch {
    throw new ImportRefused('Файл не читается как книга Excel (XLSX). Сохраните его в Excel как «Книга Excel (*.xlsx)» или как CSV.');
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new ImportRefused('В книге нет ни одного листа.');
  const records: { cells: string[]; line: number }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    records.push({ cells, line: rowNumber });
  });
  return records;
}

/**
 * Reads an uploaded registry file into rows, refusing anything that is not what it claims to be. Nothing
 * is validated against the database here.
 */
export async function parseOrganisationFile(bytes: Uint8Array, fileName: string): Promise<ParsedFile> {
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new ImportRefused(
      `Файл слишком большой: ${(bytes.length / 1024 / 1024).toFixed(1).replace('.', ',')} МБ при допустимых ${MAX_IMPORT_BYTES / 1024 / 1024} МБ. Разделите его на части.`,
    );
  }
  if (bytes.length === 0) throw new ImportRefused('Файл пуст.');
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  const magic = sniff(bytes);
  if (ext === 'xlsx') {
    if (magic !== 'ZIP/XLSX') throw new ImportRefused(`Файл назван .xlsx, но не является книгой Excel${magic ? ` (похоже на: ${magic})` : ''}.`);
    return { format: 'xlsx', rows: toRows(await parseXlsx(bytes)) };
  }
  if (ext === 'csv' || ext === 'txt') {
    if (magic) throw new ImportRefused(`Файл назван .${ext}, но это не текст, а ${magic}. Загрузите CSV или XLSX.`);
    if (looksBinary(bytes)) throw new ImportRefused(`Файл назван .${ext}, но содержит двоичные данные, а не текст. Загрузите CSV или XLSX.`);
    const { text, encoding } = decodeText(bytes);
    if (text.includes('\uFFFD')) throw new ImportRefused('Не удалось определить кодировку файла: сохраните его в UTF-8 или Windows-1251.');
    const delimiter = detectDelimiter(text);
    return { format: 'csv', encoding, delimiter, rows: toRows(parseCsvText(text, delimiter)) };
  }
  if (ext === 'xls') throw new ImportRefused('Старый формат Excel (.xls) не поддерживается: сохраните файл как .xlsx или .csv.');
  throw new ImportRefused(`Неподдерживаемый тип файла «.${ext}»: загрузите CSV или XLSX.`);
}

export type ValidatedImport = { valid: { line: number; input: OrganisationInput }[]; issues: ImportIssue[] };

/** Checks every row and the whole file (duplicate ИНН), collecting every problem with its line and column. */
export function validateRows(rows: ParsedRow[]): ValidatedImport {
  const issues: ImportIssue[] = [];
  const valid: ValidatedImport['valid'] = [];
  const innLines = new Map<string, number>();
  for (const row of rows) {
    const values = { ...row.values };
    if (values.lastAssessedOn && values.lastAssessedOn.trim()) {
      values.lastAssessedOn = parseRussianDate(values.lastAssessedOn) ?? values.lastAssessedOn;
    }
    const result = validateOrganisation(values);
    if (!result.ok) {
      for (const f of organisationFields) {
        const message = result.errors[f];
        if (message) issues.push({ line: row.line, column: fieldLabels[f], message });
      }
      continue;
    }
    const first = innLines.get(result.value.inn);
    if (first !== undefined) {
      issues.push({ line: row.line, column: fieldLabels.inn, message: `ИНН ${result.value.inn} повторяется: он уже указан в строке ${first}` });
      continue;
    }
    innLines.set(result.value.inn, row.line);
    valid.push({ line: row.line, input: result.value });
  }
  return { valid, issues };
}

export type ImportReport =
  | { ok: true; created: number; updated: number; unchanged: number; total: number; format: string; encoding?: string }
  | { ok: false; message: string; issues: ImportIssue[] };

/**
 * All or nothing: parses, validates every row, then writes every row in ONE transaction. Any problem in
 * any row, or any failure while writing, leaves the registry exactly as it was. Organisations are matched
 * by ИНН, so importing the same file again updates the cards (with history) instead of duplicating them.
 */
export async function importOrganisations(
  db: Db,
  args: { territoryId: string; bytes: Uint8Array; fileName: string; actor: Actor },
): Promise<ImportReport> {
  let parsed: ParsedFile;
  try {
    parsed = await parseOrganisationFile(args.bytes, args.fileName);
  } catch (err) {
    if (err instanceof ImportRefused) return { ok: false, message: err.message, issues: err.issues };
    throw err;
  }
  const territory = await getTerritory(db, args.territoryId);
  if (!territory) return { ok: false, message: 'Территория не найдена.', issues: [] };
  if (territory.kind !== 'municipality') return { ok: false, message: 'Организации загружаются в муниципалитет, а не в регион.', issues: [] };
  if (parsed.rows.length === 0) return { ok: false, message: 'В файле нет ни одной строки с организациями.', issues: [] };

  const { valid, issues } = validateRows(parsed.rows);
  const rejected = (list: ImportIssue[]) => ({
    ok: false as const,
    message: `Файл не загружен: найдено ошибок — ${list.length}. Реестр не изменён. Исправьте строки и загрузите файл ещё раз.`,
    issues: list.sort((a, b) => a.line - b.line),
  });
  if (issues.length > 0) return rejected(issues);

  class Rollback extends Error {}
  const counts = { created: 0, updated: 0, unchanged: 0 };
  try {
    await db.transaction(async (tx) => {
      const inns = valid.map((v) => v.input.inn);
      const existing = inns.length ? await tx.select().from(organisations).where(inArray(organisations.inn, inns)) : [];
      const byInn = new Map(existing.map((o) => [o.inn, o]));
      const elsewhere = existing.filter((o) => o.territoryId !== args.territoryId);
      if (elsewhere.length > 0) {
        const names = new Map(
          (await tx.select().from(territories).where(inArray(territories.id, elsewhere.map((o) => o.territoryId)))).map((t) => [t.id, t.name]),
        );
        const list = elsewhere.map((o) => ({
          line: valid.find((v) => v.input.inn === o.inn)!.line,
          column: fieldLabels.inn,
          message: `организация с ИНН ${o.inn} уже есть в реестре другой территории («${names.get(o.territoryId) ?? '?'}»); перенос между территориями делается в карточке`,
        }));
        issues.push(...list);
        throw new Rollback();
      }
      for (const { input } of valid) {
        const r = await saveOrganisationInTx(tx, { territoryId: args.territoryId, input, actor: args.actor, source: 'import', existing: byInn.get(input.inn) ?? null });
        counts[r.outcome]++;
      }
    });
  } catch (err) {
    if (err instanceof Rollback) return rejected(issues);
    throw err;
  }
  return { ok: true, ...counts, total: valid.length, format: parsed.format, encoding: parsed.encoding };
}

/** The report as plain text, one problem per line (CLI stderr, downloadable report). */
export function formatIssues(issues: ImportIssue[]): string {
  return issues.map((i) => `строка ${i.line}${i.column ? `, столбец «${i.column}»` : ''}: ${i.message}`).join('\n');
}
