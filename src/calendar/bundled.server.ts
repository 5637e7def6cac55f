import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseProductionCalendarCsv, type ProductionCalendar } from './production-calendar';

/**
 * The production calendar shipped with НОКО (2013–2026, from the published decrees; a copy of
 * ../shared/data/production-calendar-ru.csv). It seeds the database copy that administrators extend.
 */
// Spelled from the repository root so that the same path works from src/calendar/ and from the router's
// bundle in build/server/ (the way src/db finds drizzle/).
export const bundledCalendarPath = fileURLToPath(
  new URL('../../src/calendar/data/production-calendar-ru.csv', import.meta.url),
);

let cached: ProductionCalendar | null = null;

export function bundledCalendar(): ProductionCalendar {
  cached ??= parseProductionCalendarCsv(readFileSync(bundledCalendarPath, 'utf8'));
  return cached;
}
