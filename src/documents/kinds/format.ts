// Formatting shared by the document kinds of this folder: dates дд.мм.гггг, decimal commas, Russian
// plurals and the CSV dialect Russian Excel opens with a double click. Pure and client-safe.
import { shownScore } from '../../methodology/bands';

/** ISO date (or timestamp) → дд.мм.гггг; empty for none. */
export function ruDate(iso: string | Date | null | undefined): string {
  if (!iso) return '';
  const s = iso instanceof Date ? iso.toISOString() : iso;
  return `${s.slice(8, 10)}.${s.slice(5, 7)}.${s.slice(0, 4)}`;
}

/** A score as every page shows it: half-up to hundredths, decimal comma; empty without a value. */
export function ruScore(v: number | null | undefined): string {
  return v === null || v === undefined ? '' : shownScore(v).toFixed(2).replace('.', ',');
}

const rules = new Intl.PluralRules('ru');
/** «1 организация», «2 организации», «5 организаций». */
export function plural(n: number, forms: readonly [string, string, string]): string {
  const p = rules.select(n);
  return `${n} ${forms[p === 'one' ? 0 : p === 'few' ? 1 : 2]}`;
}

/** Neutralises a text cell a spreadsheet would read as a formula (CSV injection). */
export function neutralise(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

const cell = (v: string | number | null | undefined): string => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : neutralise(v.replace(/\r\n?/g, '\n'));
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * Key columns (ИНН, КПП, ОГРН) are digits that Excel would turn into numbers and strip a leading zero
 * from: written as ="…" (digits only, so nothing else can ride in as a formula).
 */
export const keyCell = (v: string | null | undefined): string =>
  v ? (/^\d+$/.test(v) ? `="${v}"` : neutralise(v)) : '';

/** UTF-8 with BOM, semicolons, CRLF: the CSV dialect of Russian Excel. `raw` columns are written as given. */
export function excelCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
  raw: readonly number[] = [],
): string {
  const rawSet = new Set(raw);
  const line = (r: readonly (string | number | null | undefined)[]) =>
    r.map((v, i) => (rawSet.has(i) ? String(v ?? '') : cell(v))).join(';');
  return '\ufeff' + [header.map((h) => cell(h)).join(';'), ...rows.map(line)].join('\r\n') + '\r\n';
}
