// Formatting shared by the document kinds of this folder: dates дд.мм.гггг, decimal commas, Russian
// plurals and the CSV dialect Russian Excel opens with a double click. Pure and client-safe.
import { shownScore } from '../../methodology/bands';

// Dates and plurals are the lexicon's (src/lib/ru.ts), re-exported under the names these kinds use.
export { ruDate, countRu as plural } from '../../lib/ru';

/** A score as every page shows it: half-up to hundredths, decimal comma; empty without a value. */
export function ruScore(v: number | null | undefined): string {
  return v === null || v === undefined ? '' : shownScore(v).toFixed(2).replace('.', ',');
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
