import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseProductionCalendarCsv, type ProductionCalendar } from './production-calendar';

/**
 * The production calendar shipped with НОКО (2013–2026, from the published decrees; a copy of
 * ../shared/data/production-calendar-ru.csv). It seeds the database copy that administrators extend.
 */
// Beside this module when run from src/ (tsx, vitest); from the React Router server bundle (build/server/)
// the module's URL is the bundle's, so the file is found through the repository's src/ instead.
const candidates = ['./data/production-calendar-ru.csv', '../../src/calendar/data/production-calendar-ru.csv'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
export const bundledCalendarPath = candidates.find((p) => existsSync(p)) ?? candidates[0]!;

let cached: ProductionCalendar | null = null;

export function bundledCalendar(): ProductionCalendar {
  cached ??= parseProductionCalendarCsv(readFileSync(bundledCalendarPath, 'utf8'));
  return cached;
}
