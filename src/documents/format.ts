// Russian formatting shared by every document: the same helpers the pages use, so a document and the
// page it is downloaded from show a number identically.
export { plural, ruDate } from '../results/view';
export { points } from '../results/view';

/** A number with a decimal comma and a fixed number of decimals (no grouping: tables stay narrow). */
export function decimal(value: number, digits = 2): string {
  return value
    .toFixed(digits)
    .replace('.', ',')
    .replace(/^-(0,0*)$/, '$1');
}

/** A count with its noun in the right form: count(3, ['организация', 'организации', 'организаций']). */
export function count(n: number, forms: [string, string, string]): string {
  const rules = new Intl.PluralRules('ru');
  const r = rules.select(n);
  return `${n} ${r === 'one' ? forms[0] : r === 'few' ? forms[1] : forms[2]}`;
}
