import { createHash } from 'node:crypto';
import { and, eq, inArray, isNull, lt } from 'drizzle-orm';
import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { DEFAULT_XLSX_LIMITS, readXlsxRecords } from './xlsx-read.server';
import type { Db, Tx } from '../db/index.server';
import { registryImportDrafts } from '../db/schema/registry-imports';
import type { Actor } from '../db/audit.server';
import { organisations, type OrganisationType } from '../db/schema/registry';
import { statusLabels, typeLabels, type OrganisationStatus } from './validation';
import {
  diffOrganisation,
  getTerritory,
  isUuid,
  pickInput,
  saveOrganisationInTx,
  type Organisation,
} from './organisations.server';
import {
  fieldLabels,
  formatRuDate,
  organisationFields,
  parseRussianDate,
  validateOrganisation,
  type OrganisationField,
  type OrganisationInput,
} from './fields';

/** Larger files are refused before any parsing: an office registry of a region is well under a megabyte. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** Rows per file; a region has a few thousand organisations at most. */
export const MAX_IMPORT_ROWS = 20_000;

export type ImportIssue = { line: number; column: string | null; message: string };

export class ImportRefused extends Error {
  constructor(
    message: string,
    readonly issues: ImportIssue[] = [],
    /** What went wrong underneath, for the server log only (never shown to the user). */
    readonly detail?: string,
  ) {
    super(message);
  }
}

export type ParsedRow = { line: number; values: Partial<Record<OrganisationField, string>> };
export type ParsedFile = { format: 'csv' | 'xlsx'; encoding?: string; delimiter?: string; rows: ParsedRow[] };

const headerAliases: Record<string, OrganisationField> = {};
function normHeader(h: string): string {
  return h
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[*«»"'.:()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
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
  контингент: 'recipients',
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

/**
 * Where strict UTF-8 decoding fails, is the file still UTF-8 (with a few broken bytes), or another
 * encoding? Windows-1251 Cyrillic almost never forms valid multi-byte UTF-8 sequences, so when most of the
 * high bytes do form them, the file is UTF-8 and the broken bytes are damage: refused with their lines
 * rather than decoded as Windows-1251 mojibake («РЁРєРѕР»Р°»).
 */
export function scanUtf8(bytes: Uint8Array): { valid: number; invalid: number; lines: number[] } {
  let valid = 0;
  let invalid = 0;
  let line = 1;
  const lines: number[] = [];
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    if (b === 0x0a) line++;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    let ok = need > 0;
    for (let k = 1; ok && k <= need; k++) ok = i + k < bytes.length && (bytes[i + k]! & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += need + 1;
    } else {
      invalid++;
      if (lines[lines.length - 1] !== line) lines.push(line);
      i++;
    }
  }
  return { valid, invalid, lines };
}

/** Text of a CSV: UTF-8 (with or without BOM) or, failing strict UTF-8, Windows-1251. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const le = bytes[0] === 0xff;
    return {
      text: iconv.decode(Buffer.from(bytes.subarray(2)), le ? 'utf-16le' : 'utf-16be'),
      encoding: le ? 'UTF-16LE' : 'UTF-16BE',
    };
  }
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: hasBom ? 'UTF-8 (BOM)' : 'UTF-8' };
  } catch {
    const scan = scanUtf8(body);
    if (hasBom || scan.valid >= 4 * scan.invalid) {
      const lines = scan.lines;
      const where = lines.length
        ? ` (${lines.length === 1 ? 'строка' : 'строки'} ${lines.slice(0, 20).join(', ')}${lines.length > 20 ? ' и другие' : ''})`
        : '';
      throw new ImportRefused(
        `Файл в кодировке UTF-8 повреждён: в нём есть байты, которые не складываются в буквы${where}. Реестр не изменён. Сохраните файл заново в UTF-8 и загрузите ещё раз.`,
        lines.slice(0, 500).map((l) => ({
          line: l,
          column: null,
          message: 'повреждённый символ (неверная последовательность байтов UTF-8)',
        })),
      );
    }
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
      issues.push({
        line: 1,
        column: h.trim(),
        message: `неизвестный столбец «${h.trim()}» (столбец ${i + 1}); используйте заголовки из шаблона`,
      });
      return null;
    }
    if (seen.has(f)) issues.push({ line: 1, column: h.trim(), message: `столбец «${fieldLabels[f]}» указан дважды` });
    seen.add(f);
    return f;
  });
  for (const f of ['fullName', 'shortName', 'type', 'inn'] as const) {
    if (!seen.has(f))
      issues.push({ line: 1, column: fieldLabels[f], message: `нет обязательного столбца «${fieldLabels[f]}»` });
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
  if (rows.length > MAX_IMPORT_ROWS)
    throw new ImportRefused(`В файле ${rows.length} строк; за один раз можно загрузить не больше ${MAX_IMPORT_ROWS}.`);
  return rows;
}

function parseCsvText(text: string, delimiter: string): { cells: string[]; line: number }[] {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parseCsv(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      bom: true,
    }) as never;
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 0;
    throw new ImportRefused('Не удалось разобрать CSV: проверьте кавычки и разделители.', [
      { line, column: null, message: (err as Error).message },
    ]);
  }
  return parsed.map(({ record, info }) => {
    const extraLines = record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
    return { cells: record, line: info.lines - extraLines };
  });
}

async function parseXlsx(bytes: Uint8Array): Promise<{ cells: string[]; line: number }[]> {
  const r = await readXlsxRecords(bytes, { ...DEFAULT_XLSX_LIMITS, maxRows: MAX_IMPORT_ROWS });
  if (r.ok) return r.records;
  switch (r.reason) {
    case 'too-big':
      throw new ImportRefused(
        `Книга Excel после распаковки больше ${DEFAULT_XLSX_LIMITS.maxUnpackedBytes / 1024 / 1024} МБ — для реестра организаций это слишком много. Реестр не изменён. Проверьте файл или сохраните его как CSV.`,
      );
    case 'too-many-rows':
      throw new ImportRefused(
        `В файле больше ${MAX_IMPORT_ROWS} строк; за один раз можно загрузить не больше ${MAX_IMPORT_ROWS}.`,
      );
    case 'no-sheet':
      throw new ImportRefused('В книге нет ни одного листа.');
    case 'timeout':
      throw new ImportRefused(
        'Книга Excel читается слишком долго. Реестр не изменён. Сохраните её как CSV и загрузите ещё раз.',
      );
    default:
      throw new ImportRefused(
        'Файл не читается как книга Excel (XLSX). Реестр не изменён. Сохраните его в Excel как «Книга Excel (*.xlsx)» или как CSV.',
        [],
        r.detail,
      );
  }
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
    if (magic !== 'ZIP/XLSX')
      throw new ImportRefused(
        `Файл назван .xlsx, но не является книгой Excel${magic ? ` (похоже на: ${magic})` : ''}.`,
      );
    return { format: 'xlsx', rows: toRows(await parseXlsx(bytes)) };
  }
  if (ext === 'csv' || ext === 'txt') {
    if (magic) throw new ImportRefused(`Файл назван .${ext}, но это не текст, а ${magic}. Загрузите CSV или XLSX.`);
    if (looksBinary(bytes))
      throw new ImportRefused(`Файл назван .${ext}, но содержит двоичные данные, а не текст. Загрузите CSV или XLSX.`);
    const { text, encoding } = decodeText(bytes);
    if (text.includes('\uFFFD'))
      throw new ImportRefused('Не удалось определить кодировку файла: сохраните его в UTF-8 или Windows-1251.');
    const delimiter = detectDelimiter(text);
    return { format: 'csv', encoding, delimiter, rows: toRows(parseCsvText(text, delimiter)) };
  }
  if (ext === 'xls')
    throw new ImportRefused('Старый формат Excel (.xls) не поддерживается: сохраните файл как .xlsx или .csv.');
  throw new ImportRefused(`Неподдерживаемый тип файла «.${ext}»: загрузите CSV или XLSX.`);
}

/**
 * A cell that clears a field of an existing organisation. An empty cell never clears: it means «no change»
 * (a blank column in someone's spreadsheet must not wipe the ОГРН, КПП, site, head and founder).
 */
export const CLEAR_MARKER = 'очистить';
const isClear = (cell: string) =>
  cell
    .trim()
    .toLowerCase()
    .replace(/[()[\]«»"]/g, '')
    .trim() === CLEAR_MARKER;
/** Fields a card cannot do without; they can be left empty (kept) but not cleared. */
const REQUIRED: ReadonlySet<OrganisationField> = new Set(['fullName', 'shortName', 'type', 'inn', 'status']);

/** A field's stored value as the text a cell would hold, so a merged row validates like a typed one. */
function asCell(o: Organisation, f: OrganisationField): string {
  const v = o[f];
  return v === null || v === undefined ? '' : String(v);
}

export type PlannedChange = { field: OrganisationField; label: string; from: string; to: string };
export type PlannedRow = {
  line: number;
  inn: string;
  name: string;
  organisationId: string | null;
  outcome: 'created' | 'updated' | 'unchanged';
  changes: PlannedChange[];
  input: OrganisationInput;
};
export type ImportPlan = {
  rows: PlannedRow[];
  created: number;
  updated: number;
  unchanged: number;
  /** Hash of every change: the confirmation must see the same plan the administrator was shown. */
  hash: string;
};

/** A value as a person reads it in the preview and the change log. */
export function shownFieldValue(f: OrganisationField, v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (f === 'type') return typeLabels[v as OrganisationType] ?? String(v);
  if (f === 'status') return statusLabels[v as OrganisationStatus] ?? String(v);
  if (f === 'lastAssessedOn') return formatRuDate(String(v));
  return String(v);
}

/**
 * Matches every row to the registry by ИНН and works out, field by field, what the import would change.
 * Empty cell = keep; «очистить» = clear; anything else = the new value. Every problem of every row is
 * collected; nothing is written.
 */
export async function planImport(
  db: Tx,
  territoryId: string,
  rows: ParsedRow[],
): Promise<{ ok: true; plan: ImportPlan } | { ok: false; issues: ImportIssue[] }> {
  const issues: ImportIssue[] = [];
  const innOf = (r: ParsedRow) => (r.values.inn ?? '').replace(/\s/g, '');
  const inns = [...new Set(rows.map(innOf).filter((x) => x !== ''))];
  const existing = inns.length ? await db.select().from(organisations).where(inArray(organisations.inn, inns)) : [];
  const byInn = new Map(existing.map((o) => [o.inn, o]));
  const innLines = new Map<string, number>();
  const planned: PlannedRow[] = [];
  for (const row of rows) {
    const inn = innOf(row);
    const current = byInn.get(inn) ?? null;
    if (current && current.territoryId !== territoryId) {
      // Only that it exists: the other territory and the organisation's name are not this office's business.
      issues.push({
        line: row.line,
        column: fieldLabels.inn,
        message: `организация с ИНН ${inn} уже есть в реестре другой территории; перенос между территориями делается в карточке организации`,
      });
      continue;
    }
    const merged: Partial<Record<OrganisationField, string>> = {};
    let rowOk = true;
    for (const f of organisationFields) {
      const cell = row.values[f];
      if (cell !== undefined && isClear(cell)) {
        if (REQUIRED.has(f)) {
          issues.push({ line: row.line, column: fieldLabels[f], message: `поле «${fieldLabels[f]}» нельзя очистить` });
          rowOk = false;
        }
        merged[f] = '';
      } else if (cell === undefined || cell.trim() === '') {
        merged[f] = current ? asCell(current, f) : '';
      } else {
        merged[f] = f === 'lastAssessedOn' ? (parseRussianDate(cell) ?? cell) : cell;
      }
    }
    if (!rowOk) continue;
    const result = validateOrganisation(merged);
    if (!result.ok) {
      for (const f of organisationFields) {
        const message = result.errors[f];
        if (message) issues.push({ line: row.line, column: fieldLabels[f], message });
      }
      continue;
    }
    const first = innLines.get(result.value.inn);
    if (first !== undefined) {
      issues.push({
        line: row.line,
        column: fieldLabels.inn,
        message: `ИНН ${result.value.inn} повторяется: он уже указан в строке ${first}`,
      });
      continue;
    }
    innLines.set(result.value.inn, row.line);
    const diff = diffOrganisation(current ? pickInput(current) : null, result.value);
    const changes = organisationFields
      .filter((f) => f in diff)
      .map((f) => ({
        field: f,
        label: fieldLabels[f],
        from: shownFieldValue(f, diff[f]!.from),
        to: shownFieldValue(f, diff[f]!.to),
      }))
      .filter((c) => current || c.to !== '');
    planned.push({
      line: row.line,
      inn: result.value.inn,
      name: current?.shortName ?? result.value.shortName,
      organisationId: current?.id ?? null,
      outcome: !current ? 'created' : changes.length ? 'updated' : 'unchanged',
      changes,
      input: result.value,
    });
  }
  if (issues.length > 0) return { ok: false, issues: issues.sort((a, b) => a.line - b.line) };
  const hash = createHash('sha256')
    .update(
      JSON.stringify(
        planned.map((r) => [r.inn, r.organisationId, r.outcome, r.changes.map((c) => [c.field, c.from, c.to])]),
      ),
    )
    .digest('hex');
  const count = (o: PlannedRow['outcome']) => planned.filter((r) => r.outcome === o).length;
  return {
    ok: true,
    plan: { rows: planned, created: count('created'), updated: count('updated'), unchanged: count('unchanged'), hash },
  };
}

/** Writes a plan in the caller's transaction: every card with its history and audit entry. */
async function applyPlan(tx: Tx, territoryId: string, plan: ImportPlan, actor: Actor): Promise<void> {
  const ids = plan.rows.filter((r) => r.organisationId).map((r) => r.organisationId!);
  const current = ids.length ? await tx.select().from(organisations).where(inArray(organisations.id, ids)) : [];
  const byId = new Map(current.map((o) => [o.id, o]));
  for (const r of plan.rows) {
    if (r.outcome === 'unchanged') continue;
    await saveOrganisationInTx(tx, {
      territoryId,
      input: r.input,
      actor,
      source: 'import',
      existing: r.organisationId ? (byId.get(r.organisationId) ?? null) : null,
    });
  }
}

/** A refused file: the Russian message and row issues for the user, `detail` for the server log. */
export type ImportRefusal = { ok: false; message: string; issues: ImportIssue[]; detail?: string };

export type ImportReport =
  | { ok: true; created: number; updated: number; unchanged: number; total: number; format: string; encoding?: string }
  | ImportRefusal;

const rejected = (list: ImportIssue[]) => ({
  ok: false as const,
  message: `Файл не загружен: найдено ошибок — ${list.length}. Реестр не изменён. Исправьте строки и загрузите файл ещё раз.`,
  issues: list,
});

async function readForImport(
  db: Tx,
  args: { territoryId: string; bytes: Uint8Array; fileName: string },
): Promise<{ ok: true; parsed: ParsedFile } | ImportRefusal> {
  let parsed: ParsedFile;
  try {
    parsed = await parseOrganisationFile(args.bytes, args.fileName);
  } catch (err) {
    if (err instanceof ImportRefused)
      return { ok: false, message: err.message, issues: err.issues, ...(err.detail ? { detail: err.detail } : {}) };
    throw err;
  }
  const territory = await getTerritory(db, args.territoryId);
  if (!territory) return { ok: false, message: 'Территория не найдена.', issues: [] };
  if (territory.kind !== 'municipality')
    return { ok: false, message: 'Организации загружаются в муниципалитет, а не в регион.', issues: [] };
  if (parsed.rows.length === 0)
    return { ok: false, message: 'В файле нет ни одной строки с организациями.', issues: [] };
  return { ok: true, parsed };
}

/**
 * All or nothing, in one step (the CLI with --yes, tests): parses, plans and writes every row in ONE
 * transaction. Any problem in any row, or any failure while writing, leaves the registry as it was.
 */
export async function importOrganisations(
  db: Db,
  args: { territoryId: string; bytes: Uint8Array; fileName: string; actor: Actor },
): Promise<ImportReport> {
  const read = await readForImport(db, args);
  if (!read.ok) return read;
  class Rollback extends Error {}
  let outcome: ImportReport | undefined;
  try {
    await db.transaction(async (tx) => {
      const planned = await planImport(tx, args.territoryId, read.parsed.rows);
      if (!planned.ok) {
        outcome = rejected(planned.issues);
        throw new Rollback();
      }
      await applyPlan(tx, args.territoryId, planned.plan, args.actor);
      const { created, updated, unchanged } = planned.plan;
      outcome = {
        ok: true,
        created,
        updated,
        unchanged,
        total: planned.plan.rows.length,
        format: read.parsed.format,
        encoding: read.parsed.encoding,
      };
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  return outcome!;
}

/** How long a checked file waits for its confirmation. */
export const DRAFT_TTL_MS = 2 * 60 * 60 * 1000;

export type PreviewReport =
  | { ok: true; draftId: string | null; plan: ImportPlan; format: string; encoding?: string; fileName: string }
  | ImportRefusal;

/**
 * Step one in the web: reads and checks the file and shows what would change, organisation by
 * organisation. Nothing in the registry changes; the parsed rows wait in registry_import_drafts for the
 * administrator's confirmation (no draft when nothing would change).
 */
export async function previewImport(
  db: Db,
  args: { territoryId: string; bytes: Uint8Array; fileName: string; actor: Actor },
): Promise<PreviewReport> {
  const read = await readForImport(db, args);
  if (!read.ok) return read;
  const planned = await planImport(db, args.territoryId, read.parsed.rows);
  if (!planned.ok) return rejected(planned.issues);
  await db.delete(registryImportDrafts).where(lt(registryImportDrafts.createdAt, new Date(Date.now() - DRAFT_TTL_MS)));
  let draftId: string | null = null;
  if (planned.plan.created + planned.plan.updated > 0) {
    const [draft] = await db
      .insert(registryImportDrafts)
      .values({
        territoryId: args.territoryId,
        actorId: args.actor.id,
        fileName: args.fileName,
        rows: read.parsed.rows,
        planHash: planned.plan.hash,
      })
      .returning({ id: registryImportDrafts.id });
    draftId = draft!.id;
  }
  return {
    ok: true,
    draftId,
    plan: planned.plan,
    format: read.parsed.format,
    encoding: read.parsed.encoding,
    fileName: args.fileName,
  };
}

export type ConfirmReport =
  | { ok: true; created: number; updated: number; unchanged: number; total: number }
  | { ok: false; message: string; issues: ImportIssue[]; preview?: PreviewReport };

/**
 * Step two: applies exactly the plan that was shown. The plan is recomputed inside the transaction; if
 * the registry changed since the preview (someone edited a card), nothing is written and the new plan is
 * shown for confirmation instead.
 */
export async function confirmImport(
  db: Db,
  args: { territoryId: string; draftId: string; planHash: string; actor: Actor },
): Promise<ConfirmReport> {
  const missing = {
    ok: false as const,
    message: 'Проверенный файл не найден или устарел (он хранится два часа). Загрузите файл ещё раз.',
    issues: [],
  };
  if (!isUuid(args.draftId)) return missing;
  class Rollback extends Error {}
  let outcome: ConfirmReport = missing;
  try {
    await db.transaction(async (tx) => {
      const [draft] = await tx
        .select()
        .from(registryImportDrafts)
        .where(eq(registryImportDrafts.id, args.draftId))
        .for('update');
      if (
        !draft ||
        draft.territoryId !== args.territoryId ||
        draft.actorId !== args.actor.id ||
        draft.createdAt.getTime() < Date.now() - DRAFT_TTL_MS
      ) {
        throw new Rollback();
      }
      const planned = await planImport(tx, args.territoryId, draft.rows as ParsedRow[]);
      if (!planned.ok) {
        outcome = {
          ...rejected(planned.issues),
          message: 'Реестр изменился после проверки файла, и теперь в нём есть ошибки. Реестр не изменён.',
        };
        await tx.delete(registryImportDrafts).where(eq(registryImportDrafts.id, draft.id));
        return;
      }
      if (planned.plan.hash !== args.planHash || planned.plan.hash !== draft.planHash) {
        await tx
          .update(registryImportDrafts)
          .set({ planHash: planned.plan.hash })
          .where(eq(registryImportDrafts.id, draft.id));
        outcome = {
          ok: false,
          message:
            'Реестр изменился после проверки файла: изменения пересчитаны. Проверьте их ещё раз и подтвердите. Реестр пока не изменён.',
          issues: [],
          preview: { ok: true, draftId: draft.id, plan: planned.plan, format: '', fileName: draft.fileName },
        };
        return;
      }
      await applyPlan(tx, args.territoryId, planned.plan, args.actor);
      await tx.delete(registryImportDrafts).where(eq(registryImportDrafts.id, draft.id));
      const { created, updated, unchanged } = planned.plan;
      outcome = { ok: true, created, updated, unchanged, total: planned.plan.rows.length };
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  return outcome;
}

/** Drops a draft the administrator cancelled. */
export async function discardImport(db: Db, args: { draftId: string; actor: Actor }): Promise<void> {
  if (!isUuid(args.draftId)) return;
  await db
    .delete(registryImportDrafts)
    .where(
      and(
        eq(registryImportDrafts.id, args.draftId),
        args.actor.id === null ? isNull(registryImportDrafts.actorId) : eq(registryImportDrafts.actorId, args.actor.id),
      ),
    );
}

/** The plan as plain text for the CLI: one organisation per block, each changed field «было → станет». */
export function formatPlan(plan: ImportPlan): string {
  const out: string[] = [];
  for (const r of plan.rows) {
    if (r.outcome === 'unchanged') continue;
    out.push(
      `${r.outcome === 'created' ? 'Новая организация' : 'Изменится'}: ${r.name} (ИНН ${r.inn}, строка ${r.line})`,
    );
    for (const c of r.changes)
      out.push(
        r.outcome === 'created'
          ? `  ${c.label}: «${c.to}»`
          : `  ${c.label}: «${c.from || 'пусто'}» → «${c.to || 'пусто'}»`,
      );
  }
  out.push(`Итого: добавится ${plan.created}, изменится ${plan.updated}, без изменений ${plan.unchanged}.`);
  return out.join('\n');
}

/** The report as plain text, one problem per line (CLI stderr, downloadable report). */
export function formatIssues(issues: ImportIssue[]): string {
  return issues.map((i) => `строка ${i.line}${i.column ? `, столбец «${i.column}»` : ''}: ${i.message}`).join('\n');
}
