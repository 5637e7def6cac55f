import { z } from 'zod';

/**
 * The Russian production calendar: the Government's yearly decree on holidays and transferred days off.
 * Only the exceptions are listed; an unlisted Monday–Friday is a working day and an unlisted Saturday or
 * Sunday is a day off. Pure: the bundled CSV is read by `bundled.server.ts`, the database copy by whoever
 * stores it.
 */

export const dayKinds = ['day-off', 'shortened', 'working-weekend'] as const;
export type DayKind = (typeof dayKinds)[number];

export type CalendarDay = { date: string; kind: DayKind; movedFrom: string | null; holiday: string | null };

export type ProductionCalendar = {
  /** Years the calendar holds a decree for; other years fall back to weekends and art. 112 ТК РФ. */
  years: ReadonlySet<number>;
  days: ReadonlyMap<string, CalendarDay>;
};

const isoDate = z.iso.date();

const rowSchema = z.object({
  date: isoDate,
  kind: z.enum(dayKinds),
  moved_from: z.union([z.literal(''), isoDate]),
  holiday: z.string().max(300),
});

export class CalendarFileError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
    this.name = 'CalendarFileError';
  }
}

export function emptyCalendar(): ProductionCalendar {
  return { years: new Set(), days: new Map() };
}

export function calendarFromDays(days: Iterable<CalendarDay>, years?: Iterable<number>): ProductionCalendar {
  const map = new Map<string, CalendarDay>();
  const yearSet = new Set<number>(years ?? []);
  for (const day of days) {
    map.set(day.date, day);
    if (!years) yearSet.add(Number(day.date.slice(0, 4)));
  }
  return { years: yearSet, days: map };
}

/** Merges calendars; a later one's years replace the earlier one's whole years. */
export function mergeCalendars(...calendars: ProductionCalendar[]): ProductionCalendar {
  const days = new Map<string, CalendarDay>();
  const years = new Set<number>();
  for (const cal of calendars) {
    for (const year of cal.years) {
      for (const key of [...days.keys()]) if (key.startsWith(`${year}-`)) days.delete(key);
      years.add(year);
    }
    for (const [key, day] of cal.days) days.set(key, day);
  }
  return { years, days };
}

/**
 * Parses the `date,kind,moved_from,holiday` CSV of ../shared/data/production-calendar-ru.csv. All or
 * nothing: the first bad line is reported with its number. Holiday names may contain commas only when
 * quoted; the published file has none, so a simple split on the first three commas is enough.
 */
export function parseProductionCalendarCsv(text: string): ProductionCalendar {
  const body = text.replace(/^\uFEFF/, '');
  if (body.includes('\u0000'))
    throw new CalendarFileError('Файл содержит нулевой байт — это не CSV-файл календаря.', null);
  const lines = body.split(/\r?\n/);
  const header = (lines[0] ?? '').trim();
  if (header !== 'date,kind,moved_from,holiday') {
    throw new CalendarFileError('Первая строка должна быть заголовком «date,kind,moved_from,holiday».', 1);
  }
  const days: CalendarDay[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const parts = line.split(',');
    if (parts.length < 4) throw new CalendarFileError(`Строка ${i + 1}: ожидалось четыре поля через запятую.`, i + 1);
    const [date, kind, movedFrom, ...rest] = parts;
    const holiday = rest
      .join(',')
      .replace(/^"(.*)"$/, '$1')
      .trim();
    const parsed = rowSchema.safeParse({
      date: date!.trim(),
      kind: kind!.trim(),
      moved_from: movedFrom!.trim(),
      holiday,
    });
    if (!parsed.success) {
      const field = String(parsed.error.issues[0]?.path[0] ?? '');
      const what =
        field === 'kind'
          ? `вид дня должен быть одним из: ${dayKinds.join(', ')}`
          : field === 'holiday'
            ? 'слишком длинное название праздника'
            : 'дата должна быть в виде ГГГГ-ММ-ДД';
      throw new CalendarFileError(`Строка ${i + 1}: ${what}.`, i + 1);
    }
    if (seen.has(parsed.data.date))
      throw new CalendarFileError(`Строка ${i + 1}: дата ${parsed.data.date} повторяется.`, i + 1);
    seen.add(parsed.data.date);
    days.push({
      date: parsed.data.date,
      kind: parsed.data.kind,
      movedFrom: parsed.data.moved_from || null,
      holiday: parsed.data.holiday || null,
    });
  }
  if (days.length === 0) throw new CalendarFileError('В файле нет ни одной даты.', null);
  return calendarFromDays(days);
}

// Art. 112 ТК РФ: non-working holidays. 1–6 and 8 January are the New Year holidays, 7 January Christmas.
const statutoryHolidays: { md: string; name: string }[] = [
  ...['01-01', '01-02', '01-03', '01-04', '01-05', '01-06', '01-08'].map((md) => ({ md, name: 'Новогодние каникулы' })),
  { md: '01-07', name: 'Рождество Христово' },
  { md: '02-23', name: 'День защитника Отечества' },
  { md: '03-08', name: 'Международный женский день' },
  { md: '05-01', name: 'Праздник Весны и Труда' },
  { md: '05-09', name: 'День Победы' },
  { md: '06-12', name: 'День России' },
  { md: '11-04', name: 'День народного единства' },
];

function weekday(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
}

function nextDay(iso: string, by = 1): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + by);
  return d.toISOString().slice(0, 10);
}

/**
 * Without a decree for the year: weekends and art. 112 holidays, and (art. 112 part 2) a holiday other
 * than the January ones that falls on a weekend moves the day off to the next working day. The
 * Government's own transfers cannot be guessed, which is why such dates are shown as preliminary.
 */
function fallbackDaysOff(year: number): Set<string> {
  const off = new Set<string>();
  for (const h of statutoryHolidays) off.add(`${year}-${h.md}`);
  for (const h of statutoryHolidays) {
    const iso = `${year}-${h.md}`;
    if (h.md.startsWith('01-')) continue;
    const wd = weekday(iso);
    if (wd !== 0 && wd !== 6) continue;
    let moved = nextDay(iso);
    while (off.has(moved) || weekday(moved) === 0 || weekday(moved) === 6) moved = nextDay(moved);
    off.add(moved);
  }
  return off;
}

const fallbackCache = new Map<number, Set<string>>();

export function hasYear(cal: ProductionCalendar, year: number): boolean {
  return cal.years.has(year);
}

export function isWorkingDay(cal: ProductionCalendar, iso: string): boolean {
  const year = Number(iso.slice(0, 4));
  const wd = weekday(iso);
  const weekend = wd === 0 || wd === 6;
  if (cal.years.has(year)) {
    const entry = cal.days.get(iso);
    if (entry?.kind === 'day-off') return false;
    if (entry?.kind === 'working-weekend') return true;
    return !weekend;
  }
  let off = fallbackCache.get(year);
  if (!off) {
    off = fallbackDaysOff(year);
    fallbackCache.set(year, off);
  }
  return !weekend && !off.has(iso);
}

export { nextDay as addDaysIso };
