// The explanation every number carries, and its rendering as Russian text for an "explain this score" page.
import type { RoundingMode, ZeroDenominatorPolicy } from './types.ts';

export interface ExplanationInput {
  /** Russian description, e.g. «ответили «да» на вопрос 2: удовлетворены информацией на стендах». */
  label: string;
  /** Symbol used in the formula, e.g. «Устенд» or «П1.1». */
  symbol: string;
  value: number | null;
}

export interface Explanation {
  kind: 'indicator' | 'criterion' | 'total';
  id: string;
  title: string;
  formula: { readonly text: string; readonly symbolic: string };
  inputs: readonly ExplanationInput[];
  /** Weights actually used, after reweighting (criteria and total). */
  weights?: Readonly<Record<string, number>>;
  policy: { zeroDenominator: ZeroDenominatorPolicy; applied: readonly string[] };
  rounding: RoundingMode;
  /** Value before this step's rounding (equal to `value` in exact mode). */
  exact: number | null;
  value: number | null;
}

export const POLICY_RU: Record<ZeroDenominatorPolicy, string> = {
  reweight: 'перевзвешивание',
  zero: 'ноль баллов',
  full: '100 баллов',
};

export const ROUNDING_RU: Record<RoundingMode, string> = {
  exact: 'точный расчёт, округление только при выводе',
  operator: 'как у оператора: округление до сотых на каждом шаге',
};

/** Russian display of a number: two decimals, decimal comma; «нет данных» for null. */
export function formatPoints(value: number | null, digits = 2): string {
  if (value === null) return 'нет данных';
  return value.toFixed(digits).replace('.', ',');
}

function formatInput(value: number | null): string {
  if (value === null) return 'нет данных';
  return Number.isInteger(value) ? String(value) : formatPoints(value, 4).replace(/0+$/, '').replace(/,$/, '');
}

/** Multi-line Russian text: formula, inputs, weights, policy notes and the result. */
export function describeExplanation(e: Explanation): string {
  const lines = [
    `${e.id}. ${e.title}`,
    `Формула: ${e.formula.text}`,
    `           ${e.formula.symbolic}`,
    'Исходные данные:',
  ];
  for (const input of e.inputs) lines.push(`  ${input.symbol} = ${formatInput(input.value)} — ${input.label}`);
  if (e.weights) {
    const parts = Object.entries(e.weights).map(([id, w]) => `${id}: ${formatInput(w)}`);
    lines.push(`Веса после пересчёта: ${parts.join('; ')}`);
  }
  lines.push(`Политика при нулевом знаменателе: ${POLICY_RU[e.policy.zeroDenominator]}`);
  for (const note of e.policy.applied) lines.push(`  ${note}`);
  lines.push(`Округление: ${ROUNDING_RU[e.rounding]}`);
  if (e.rounding === 'operator' && e.exact !== null && e.exact !== e.value) {
    lines.push(`До округления: ${formatInput(e.exact)}`);
  }
  lines.push(`Результат: ${formatPoints(e.value)}`);
  return lines.join('\n');
}
