import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledCalendar } from '../../src/calendar/bundled.server';
import { computeDeadline, describeRule, preliminaryNote } from '../../src/calendar/deadlines';
import {
  addDaysIso,
  CalendarFileError,
  emptyCalendar,
  isWorkingDay,
  mergeCalendars,
  parseProductionCalendarCsv,
} from '../../src/calendar/production-calendar';

const cal = bundledCalendar();

describe('production calendar', () => {
  it('holds the years 2013–2026 of the shared file, identical to the bundled copy', () => {
    const shared = new URL('../../../shared/data/production-calendar-ru.csv', import.meta.url);
    let sharedText: string | null = null;
    try {
      sharedText = readFileSync(shared, 'utf8');
    } catch {
      // CI has ../shared beside the clone; a checkout elsewhere may not.
    }
    if (sharedText !== null) {
      expect(readFileSync(new URL('../../src/calendar/data/production-calendar-ru.csv', import.meta.url), 'utf8')).toBe(
        sharedText,
      );
    }
    expect([...cal.years].sort()).toEqual(Array.from({ length: 14 }, (_, i) => 2013 + i));
  });

  it('knows transferred days off and working weekends', () => {
    expect(isWorkingDay(cal, '2026-05-11')).toBe(false); // moved from Saturday 09.05
    expect(isWorkingDay(cal, '2026-05-12')).toBe(true);
    expect(isWorkingDay(cal, '2026-12-31')).toBe(false); // moved from 04.01
    expect(isWorkingDay(cal, '2026-11-03')).toBe(true); // shortened, still working
    expect(isWorkingDay(cal, '2026-11-07')).toBe(false); // an ordinary Saturday
    const workingSaturday = [...cal.days.values()].find((d) => d.kind === 'working-weekend');
    expect(workingSaturday).toBeDefined();
    expect(isWorkingDay(cal, workingSaturday!.date)).toBe(true);
  });

  it('falls back to weekends and art. 112 holidays for a year without a decree', () => {
    expect(isWorkingDay(cal, '2027-01-08')).toBe(false);
    expect(isWorkingDay(cal, '2027-02-23')).toBe(false); // Tuesday
    // 09.05.2027 is a Sunday: the day off moves to Monday 10.05.
    expect(isWorkingDay(cal, '2027-05-10')).toBe(false);
    expect(isWorkingDay(cal, '2027-05-11')).toBe(true);
  });

  it('refuses a malformed file with the line number and keeps nothing', () => {
    expect(() => parseProductionCalendarCsv('date,kind\n')).toThrow(CalendarFileError);
    const bad = 'date,kind,moved_from,holiday\n2027-01-01,day-off,,Новый год\n2027-13-01,day-off,,\n';
    expect(() => parseProductionCalendarCsv(bad)).toThrow(/Строка 3/);
    expect(() => parseProductionCalendarCsv('date,kind,moved_from,holiday\n2027-01-01,holiday,,\n')).toThrow(/вид дня/);
    expect(() =>
      parseProductionCalendarCsv('date,kind,moved_from,holiday\n2027-01-01,day-off,,\n2027-01-01,day-off,,\n'),
    ).toThrow(/повторяется/);
    expect(() => parseProductionCalendarCsv('date,kind,moved_from,holiday\n')).toThrow(/нет ни одной даты/);
  });

  it('a loaded year replaces the fallback for that year only', () => {
    const y2027 = parseProductionCalendarCsv(
      '\uFEFFdate,kind,moved_from,holiday\r\n2027-05-10,working-weekend,,\r\n2027-05-12,day-off,,Региональный праздник\r\n',
    );
    const merged = mergeCalendars(cal, y2027);
    expect(merged.years.has(2027)).toBe(true);
    expect(merged.years.has(2026)).toBe(true);
    expect(isWorkingDay(merged, '2027-05-12')).toBe(false);
    expect(isWorkingDay(merged, '2027-05-10')).toBe(true);
    expect(isWorkingDay(merged, '2026-05-11')).toBe(false);
  });
});

describe('deadlines (ГК РФ arts. 191–193)', () => {
  it('a month ending on Saturday 09.05.2026 moves past the transferred Monday to 12.05.2026', () => {
    const d = computeDeadline(cal, '2026-04-09', { kind: 'months', count: 1 });
    expect(d.nominal).toBe('2026-05-09');
    expect(d.due).toBe('2026-05-12');
    expect(d.moved).toBe(true);
    expect(d.preliminary).toBe(false);
    expect(d.calendar).toBe('производственный календарь на 2026 год');
  });

  it('a month from 31 January ends on the last day of February; a working end is not moved', () => {
    expect(computeDeadline(cal, '2025-01-31', { kind: 'months', count: 1 }).nominal).toBe('2025-02-28');
    expect(computeDeadline(cal, '2024-01-31', { kind: 'months', count: 1 }).due).toBe('2024-02-29');
    const d = computeDeadline(cal, '2026-10-14', { kind: 'months', count: 1 });
    expect(d).toMatchObject({ nominal: '2026-11-14', due: '2026-11-16', moved: true }); // 14.11.2026 is Saturday
    expect(computeDeadline(cal, '2026-10-13', { kind: 'months', count: 1 })).toMatchObject({
      due: '2026-11-13',
      moved: false,
    });
  });

  it('crosses the year end into the New Year holidays', () => {
    const d = computeDeadline(cal, '2025-11-30', { kind: 'months', count: 1 });
    expect(d.nominal).toBe('2025-12-30');
    const late = computeDeadline(cal, '2025-12-01', { kind: 'months', count: 1 });
    expect(late.nominal).toBe('2026-01-01');
    expect(late.due).toBe('2026-01-12'); // 1–11 January 2026 are days off
  });

  it('counts working days only, from the day after the event', () => {
    // Friday 30.04.2026 + 3 working days: 01.05 holiday, 02–03 weekend → 04, 05, 06 May.
    expect(computeDeadline(cal, '2026-04-30', { kind: 'working_days', count: 3 }).due).toBe('2026-05-06');
    expect(computeDeadline(cal, '2026-05-08', { kind: 'working_days', count: 10 }).due).toBe('2026-05-25');
  });

  it('a year without a calendar gives a visibly preliminary date', () => {
    const d = computeDeadline(cal, '2026-12-15', { kind: 'months', count: 1 });
    expect(d.preliminary).toBe(true);
    expect(d.missingYears).toEqual([2027]);
    expect(preliminaryNote(d)).toBe('календарь на 2027 год не загружен — срок предварительный');
    expect(preliminaryNote(computeDeadline(cal, '2026-03-01', { kind: 'months', count: 1 }))).toBeNull();
    expect(computeDeadline(emptyCalendar(), '2026-04-09', { kind: 'months', count: 1 }).preliminary).toBe(true);
  });

  it('describes its rule in Russian with correct plurals', () => {
    expect(describeRule({ kind: 'months', count: 1 })).toMatch(/^1 месяц со дня, следующего/);
    expect(describeRule({ kind: 'working_days', count: 10 })).toMatch(/^10 рабочих дней/);
    expect(describeRule({ kind: 'days', count: 3 })).toMatch(/^3 календарных дня/);
  });

  it('property: the deadline is the first working day on or after the nominal end', () => {
    const day = fc.date({
      min: new Date('2013-01-01T00:00:00Z'),
      max: new Date('2026-10-31T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 12 }), (date, months) => {
        const from = date.toISOString().slice(0, 10);
        const d = computeDeadline(cal, from, { kind: 'months', count: months });
        expect(isWorkingDay(cal, d.due)).toBe(true);
        expect(d.due >= d.nominal).toBe(true);
        expect(d.nominal > from).toBe(true);
        for (let day = d.nominal; day < d.due; day = addDaysIso(day)) expect(isWorkingDay(cal, day)).toBe(false);
      }),
    );
  });
});
