// `noko score <input.json>`: scores organisations from a tallies file (contract of issue 2).
// Exit codes: 0 success, 1 input error (unreadable file, malformed JSON, schema or contradictory counts),
// 2 usage error.
import { readFile } from 'node:fs/promises';
import { parseContractInput, toContractOutput } from '../src/methodology/contract.ts';
import { scoreOrganisations } from '../src/methodology/engine.ts';
import { POLICY_RU, ROUNDING_RU } from '../src/methodology/explain.ts';
import { DEFAULT_METHODOLOGY_ID, requireMethodology } from '../src/methodology/registry.ts';
import { roundHalfUp } from '../src/methodology/rounding.ts';
import type { ScoringRun } from '../src/methodology/engine.ts';
import type { MethodologyVersion, RoundingMode, ZeroDenominatorPolicy } from '../src/methodology/types.ts';
import { parseCliArgs, usageError as printUsageError } from './args';

const USAGE = `Использование: noko score <файл.json> [--policy reweight|zero|full] [--rounding exact|operator] [--format table|json|csv]

  --policy    что делать при нулевом знаменателе (нет респондентов с инвалидностью, нет стендов и т. п.):
              reweight — перераспределить вес (по умолчанию), zero — 0 баллов, full — 100 баллов
  --rounding  exact — точный расчёт (по умолчанию), operator — округление до сотых на каждом шаге
  --format    table — таблица (по умолчанию), json — JSON по контракту, csv — CSV`;

const POLICIES = ['reweight', 'zero', 'full'] as const;
const ROUNDINGS = ['exact', 'operator'] as const;
const FORMATS = ['table', 'json', 'csv'] as const;
type Format = (typeof FORMATS)[number];

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T | null {
  if (value === undefined) return fallback;
  return (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

const usageError = (message: string) => printUsageError(USAGE, message);

export async function run(args: string[]): Promise<number> {
  const parsed = parseCliArgs(args, {
    usage: USAGE,
    options: { policy: { type: 'string' }, rounding: { type: 'string' }, format: { type: 'string' } },
    positionals: true,
    help: true,
    errorPrefix: 'Ошибка в параметрах: ',
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return usageError('Укажите один файл с исходными данными.');
  const policy = oneOf<ZeroDenominatorPolicy>(values.policy, POLICIES, 'reweight');
  if (!policy) return usageError(`Неизвестная политика «${values.policy}».`);
  const rounding = oneOf<RoundingMode>(values.rounding, ROUNDINGS, 'exact');
  if (!rounding) return usageError(`Неизвестный режим округления «${values.rounding}».`);
  const format = oneOf<Format>(values.format, FORMATS, 'table');
  if (!format) return usageError(`Неизвестный формат «${values.format}».`);

  const file = positionals[0] as string;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    process.stderr.write(
      `Не удалось прочитать файл «${file}»: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`,
    );
    return 1;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    process.stderr.write(`Файл «${file}» не является корректным JSON: ${(e as Error).message}\n`);
    return 1;
  }
  const methodology = requireMethodology(DEFAULT_METHODOLOGY_ID);
  const input = parseContractInput(json, methodology);
  if (!input.ok) {
    process.stderr.write(
      `Ошибки во входных данных (${input.errors.length}):\n${input.errors.map((e) => `  ${e}`).join('\n')}\n`,
    );
    return 1;
  }
  const result = scoreOrganisations(input.organisations, methodology, {
    zeroDenominator: policy,
    rounding,
    validate: false,
  });
  const out =
    format === 'json'
      ? JSON.stringify(toContractOutput(result, methodology), null, 2)
      : format === 'csv'
        ? toCsv(result, methodology)
        : toTable(result, methodology);
  process.stdout.write(`${out}${format === 'csv' ? '\r\n' : '\n'}`);
  return 0;
}

// ---- table (Russian, decimal comma) ----

const ru2 = (v: number | null) => (v === null ? 'н/д' : roundHalfUp(v).toFixed(2).replace('.', ','));

function renderTable(header: string[], rows: string[][], numeric: (column: number) => boolean): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function toTable(run: ScoringRun, m: MethodologyVersion): string {
  const criterionIds = m.criteria.map((c) => c.id);
  const indicatorIds = m.criteria.flatMap((c) => c.indicators.map((i) => i.id));
  const typeName = new Map(m.organisationTypes.map((t) => [t.id, t.shortName]));
  const main = renderTable(
    ['Место', 'Организация', 'Тип', ...criterionIds.map((id) => id.replace('K', 'К')), 'Итог', 'Оценка'],
    run.organisations.map((o) => [
      o.rank === null ? '—' : String(o.rank),
      o.name,
      typeName.get(o.type) ?? o.type,
      ...criterionIds.map((id) => ru2(o.criteria[id]?.value ?? null)),
      ru2(o.total),
      o.band ?? 'нет данных',
    ]),
    (i) => i === 0 || (i >= 3 && i < 4 + criterionIds.length),
  ).split('\n');
  const indicators = renderTable(
    ['Организация', ...indicatorIds],
    run.organisations.map((o) => [o.name, ...indicatorIds.map((id) => ru2(o.indicators[id]?.value ?? null))]),
    (i) => i >= 1,
  );
  const t = run.territory;
  const territory =
    `Среднее по территории (${t.withTotal} из ${t.organisations} организаций): итог ${ru2(t.total)}; ` +
    criterionIds.map((id) => `${id.replace('K', 'К')} ${ru2(t.criteria[id] ?? null)}`).join(', ');
  const flagged = run.organisations.filter((o) => o.belowMinimum).map((o) => o.name);
  return [
    `Методика: ${m.title} (${m.id})`,
    `Нулевой знаменатель: ${POLICY_RU[run.options.zeroDenominator]}; округление: ${ROUNDING_RU[run.options.rounding]}`,
    '',
    'Критерии и итог',
    ...main,
    '',
    'Показатели',
    indicators,
    '',
    territory,
    ...(flagged.length > 0
      ? [`Меньше ${run.options.minRespondents} анкет (показатели опроса недостаточно надёжны): ${flagged.join('; ')}`]
      : []),
    'н/д — нет данных (знаменатель равен 0).',
  ].join('\n');
}

// ---- CSV: RFC 4180, comma separator, dot decimal, 2 decimals, empty cell for no data, UTF-8 without BOM ----

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const csvNum = (v: number | null) => (v === null ? '' : roundHalfUp(v).toFixed(2));

function toCsv(run: ScoringRun, m: MethodologyVersion): string {
  const criterionIds = m.criteria.map((c) => c.id);
  const indicatorIds = m.criteria.flatMap((c) => c.indicators.map((i) => i.id));
  const header = ['id', 'name', 'type', ...indicatorIds, ...criterionIds, 'total', 'band', 'rank'];
  const rows = run.organisations.map((o) => [
    o.id,
    o.name,
    o.type,
    ...indicatorIds.map((id) => csvNum(o.indicators[id]?.value ?? null)),
    ...criterionIds.map((id) => csvNum(o.criteria[id]?.value ?? null)),
    csvNum(o.total),
    o.band ?? '',
    o.rank === null ? '' : String(o.rank),
  ]);
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n');
}
