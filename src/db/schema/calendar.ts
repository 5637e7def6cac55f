import { date, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The production calendar in the database: one row per loaded year (where it came from) and one per
 * exceptional day of that year. A year without a row falls back to weekends and art. 112 ТК РФ
 * (src/calendar/production-calendar.ts) and every deadline touching it is preliminary.
 */
export const productionCalendarYears = pgTable('production_calendar_years', {
  year: integer('year').primaryKey(),
  /** «поставка НОКО» for the bundled file, else the uploaded file's name. */
  source: text('source').notNull(),
  sha256: text('sha256').notNull(),
  days: integer('days').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  loadedBy: text('loaded_by'),
});

export const productionCalendarDays = pgTable('production_calendar_days', {
  date: date('date').primaryKey(),
  year: integer('year')
    .notNull()
    .references(() => productionCalendarYears.year, { onDelete: 'cascade' }),
  kind: text('kind', { enum: ['day-off', 'shortened', 'working-weekend'] }).notNull(),
  movedFrom: date('moved_from'),
  holiday: text('holiday'),
});
