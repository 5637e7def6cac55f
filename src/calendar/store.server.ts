// The production calendar as the database holds it: what deadlines are computed with, and what an
// administrator extends with a new year's decree. Loading is all or nothing and audited.
import { createHash } from 'node:crypto';
import { asc, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { recordAudit, type Actor } from '../db/audit.server';
import { productionCalendarDays, productionCalendarYears } from '../db/schema/calendar';
import {
  CalendarFileError,
  calendarFromDays,
  parseProductionCalendarCsv,
  type DayKind,
  type ProductionCalendar,
} from './production-calendar';

// Control characters (NUL, line breaks) never belong in a one-line label.
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u001f\u007f]/g;

export type CalendarYear = typeof productionCalendarYears.$inferSelect;

/** A decree file is a few kilobytes; anything far bigger is not a calendar. */
export const MAX_CALENDAR_FILE_BYTES = 512 * 1024;

export async function loadCalendar(db: Tx): Promise<ProductionCalendar> {
  const [years, days] = await Promise.all([
    db.select({ year: productionCalendarYears.year }).from(productionCalendarYears),
    db.select().from(productionCalendarDays),
  ]);
  return calendarFromDays(
    days.map((d) => ({ date: d.date, kind: d.kind as DayKind, movedFrom: d.movedFrom, holiday: d.holiday })),
    years.map((y) => y.year),
  );
}

export async function calendarYears(db: Tx): Promise<CalendarYear[]> {
  return db.select().from(productionCalendarYears).orderBy(asc(productionCalendarYears.year));
}

export type CalendarImportResult =
  { ok: true; years: number[]; replaced: number[]; days: number } | { ok: false; errors: string[] };

/**
 * Loads the years of a `date,kind,moved_from,holiday` file. A year already loaded is replaced only when
 * `replace` is set: a decree is rarely amended, and a stray upload must not silently change deadlines.
 * `onLoaded` runs in the same transaction (recomputing the preliminary deadlines).
 */
export async function importCalendarFile(
  db: Db,
  args: {
    bytes: Uint8Array;
    fileName: string;
    replace: boolean;
    actor: Actor;
    onLoaded?: (tx: Tx, years: number[]) => Promise<void>;
  },
): Promise<CalendarImportResult> {
  if (args.bytes.length === 0)
    return { ok: false, errors: ['Файл пустой: выберите CSV-файл производственного календаря.'] };
  if (args.bytes.length > MAX_CALENDAR_FILE_BYTES)
    return {
      ok: false,
      errors: [`Файл больше ${MAX_CALENDAR_FILE_BYTES / 1024} КБ — это не файл производственного календаря.`],
    };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(args.bytes);
  } catch {
    return { ok: false, errors: ['Файл не в кодировке UTF-8. Сохраните его как «CSV UTF-8».'] };
  }
  let cal: ProductionCalendar;
  try {
    cal = parseProductionCalendarCsv(text);
  } catch (err) {
    if (err instanceof CalendarFileError) return { ok: false, errors: [err.message] };
    throw err;
  }
  const years = [...cal.years].sort((a, b) => a - b);
  const errors: string[] = [];
  for (const y of years) {
    if (y < 2000 || y > 2100) errors.push(`${y} год вне допустимого диапазона 2000–2100.`);
    const ofYear = [...cal.days.values()].filter((d) => d.date.startsWith(`${y}-`));
    // A decree always names the New Year holidays; a year without a single day off is a broken file.
    if (!ofYear.some((d) => d.kind === 'day-off'))
      errors.push(`В ${y} году нет ни одного нерабочего дня — файл неполный.`);
  }
  for (const d of cal.days.values()) {
    const wd = new Date(`${d.date}T00:00:00Z`).getUTCDay();
    if (d.kind === 'working-weekend' && wd !== 0 && wd !== 6)
      errors.push(`${d.date}: рабочим выходным может быть только суббота или воскресенье.`);
  }
  if (errors.length) return { ok: false, errors: errors.slice(0, 20) };
  const sha = createHash('sha256').update(args.bytes).digest('hex');
  return db.transaction(async (tx) => {
    const existing = await tx
      .select()
      .from(productionCalendarYears)
      .where(inArray(productionCalendarYears.year, years));
    const replaced = existing.map((e) => e.year);
    if (replaced.length && !args.replace) {
      return {
        ok: false as const,
        errors: [
          `Календарь уже загружен на ${replaced.join(', ')} год. Чтобы заменить его, отметьте «Заменить загруженные годы».`,
        ],
      };
    }
    if (replaced.length)
      await tx.delete(productionCalendarYears).where(inArray(productionCalendarYears.year, replaced));
    const source = args.fileName.replace(controlChars, '').slice(0, 200) || 'файл';
    await tx.insert(productionCalendarYears).values(
      years.map((year) => ({
        year,
        source,
        sha256: sha,
        days: [...cal.days.keys()].filter((k) => k.startsWith(`${year}-`)).length,
        loadedBy: args.actor.name,
      })),
    );
    const rows = [...cal.days.values()].map((d) => ({
      date: d.date,
      year: Number(d.date.slice(0, 4)),
      kind: d.kind,
      movedFrom: d.movedFrom,
      holiday: d.holiday,
    }));
    for (let i = 0; i < rows.length; i += 500) await tx.insert(productionCalendarDays).values(rows.slice(i, i + 500));
    await recordAudit(tx, {
      actor: args.actor,
      action: 'calendar.load',
      entity: 'production_calendar',
      entityId: years.join(','),
      before: existing.length ? existing.map((e) => ({ year: e.year, source: e.source, sha256: e.sha256 })) : null,
      after: { years, source, sha256: sha, days: rows.length },
    });
    if (args.onLoaded) await args.onLoaded(tx, years);
    return { ok: true as const, years, replaced, days: rows.length };
  });
}
