// Calendar arithmetic on ISO dates (yyyy-mm-dd), in UTC so that a server's time zone never shifts a day.

export function parseIso(iso: string): Date {
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`);
}

export function toIso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function todayIso(now: Date = new Date()): string {
  // The assessment is a Russian procedure: "today" is today in Moscow.
  return toIso(new Date(now.getTime() + 3 * 3_600_000));
}

/**
 * A period of N months ends on the same day of the month N months later; when that month has no such
 * day, on its last day (Civil Code art. 192 p. 3). 31.01 + 1 month = 28/29.02.
 */
export function addMonths(iso: string, months: number): string {
  const d = parseIso(iso);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return toIso(new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay))));
}

export function addYears(iso: string, years: number): string {
  return addMonths(iso, years * 12);
}

export function daysBetween(fromIso: string, toIsoDate: string): number {
  return Math.round((parseIso(toIsoDate).getTime() - parseIso(fromIso).getTime()) / 86_400_000);
}

import { pluralRu, ruDate } from '../lib/ru';
export { pluralRu };

export function daysRu(n: number): string {
  return `${n} ${pluralRu(n, { one: 'день', few: 'дня', many: 'дней' })}`;
}

export function organisationsRu(n: number): string {
  return `${n} ${pluralRu(n, { one: 'организация', few: 'организации', many: 'организаций' })}`;
}

/** «остался 1 день», «осталось 3 дня», «срок сегодня», «просрочено на 2 дня». */
export function countdownRu(daysLeft: number): string {
  if (daysLeft === 0) return 'срок истекает сегодня';
  if (daysLeft < 0) return `просрочено на ${daysRu(-daysLeft)}`;
  const verb = pluralRu(daysLeft, ['остался', 'осталось', 'осталось']);
  return `${verb} ${daysRu(daysLeft)}`;
}

/** дд.мм.гггг (src/lib/ru). */
export const formatRu = ruDate;
