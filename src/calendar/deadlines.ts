import { addDaysIso, hasYear, isWorkingDay, type ProductionCalendar } from './production-calendar';
import { pluralRu } from '../lib/ru';

/**
 * Deadlines by ГК РФ arts. 191–193: a period starts on the day after its event (191); a period of
 * months ends on the same-numbered day of its last month, or on that month's last day (192 p. 3); only
 * the end is moved to the next working day when it falls on a day off (193). Working-day periods count
 * working days only (ТК РФ art. 112 and the yearly decree).
 */

export type DeadlineRule =
  { kind: 'months'; count: number } | { kind: 'days'; count: number } | { kind: 'working_days'; count: number };

export type Deadline = {
  /** The date of the event the period counts from. */
  from: string;
  rule: DeadlineRule;
  /** The end by arts. 191–192 before moving off a day off. */
  nominal: string;
  /** The deadline: the nominal end, moved to the next working day when needed (art. 193). */
  due: string;
  moved: boolean;
  /** True when a year the count touched has no production calendar loaded. */
  preliminary: boolean;
  /** Years whose calendar was missing, for the warning text. */
  missingYears: number[];
  /** The calendar the deadline was computed with, in words, to store beside it. */
  calendar: string;
};

function addMonthsIso(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const total = m - 1 + months;
  const year = y + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

export function computeDeadline(cal: ProductionCalendar, from: string, rule: DeadlineRule): Deadline {
  if (!Number.isInteger(rule.count) || rule.count < 0) throw new RangeError('A period must be a whole number of units');
  const touched = new Set<number>();
  let nominal: string;
  if (rule.kind === 'months') {
    nominal = addMonthsIso(from, rule.count);
  } else if (rule.kind === 'days') {
    nominal = addDaysIso(from, rule.count);
  } else {
    // The count starts the day after the event; each working day consumes one unit.
    let day = from;
    let left = rule.count;
    while (left > 0) {
      day = addDaysIso(day);
      touched.add(Number(day.slice(0, 4)));
      if (isWorkingDay(cal, day)) left--;
    }
    nominal = day;
  }
  let due = nominal;
  touched.add(Number(due.slice(0, 4)));
  while (!isWorkingDay(cal, due)) {
    due = addDaysIso(due);
    touched.add(Number(due.slice(0, 4)));
  }
  const missingYears = [...touched].filter((y) => !hasYear(cal, y)).sort((a, b) => a - b);
  const loaded = [...touched].filter((y) => hasYear(cal, y)).sort((a, b) => a - b);
  const calendar =
    missingYears.length === 0
      ? `производственный календарь на ${loaded.join(', ')} год`
      : `выходные и праздники по ст. 112 ТК РФ (календарь на ${missingYears.join(', ')} год не загружен)`;
  return {
    from,
    rule,
    nominal,
    due,
    moved: due !== nominal,
    preliminary: missingYears.length > 0,
    missingYears,
    calendar,
  };
}

function unitRu(rule: DeadlineRule): string {
  const forms =
    rule.kind === 'months'
      ? ['месяц', 'месяца', 'месяцев']
      : rule.kind === 'days'
        ? ['календарный день', 'календарных дня', 'календарных дней']
        : ['рабочий день', 'рабочих дня', 'рабочих дней'];
  return pluralRu(rule.count, forms as [string, string, string]);
}

/** «1 месяц со дня, следующего за событием; окончание, выпавшее на нерабочий день, переносится (ст. 191–193 ГК РФ)». */
export function describeRule(rule: DeadlineRule): string {
  return `${rule.count} ${unitRu(rule)} со дня, следующего за событием; окончание, выпавшее на нерабочий день, переносится на ближайший рабочий день (ст. 191–193 ГК РФ)`;
}

/** The warning shown beside a preliminary deadline. */
export function preliminaryNote(deadline: Deadline): string | null {
  if (!deadline.preliminary) return null;
  return deadline.missingYears.map((y) => `календарь на ${y} год не загружен — срок предварительный`).join('; ');
}
