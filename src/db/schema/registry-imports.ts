import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { territories } from './registry';

/**
 * A registry file read and checked, waiting for the administrator to confirm the changes it makes
 * (issue 11 item 5). Kept in the database, not on disk, so the confirmation can reach any instance.
 * `rows` are the parsed cells; the plan is recomputed on confirmation and must hash to `planHash`.
 */
export const registryImportDrafts = pgTable(
  'registry_import_drafts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    territoryId: uuid('territory_id')
      .notNull()
      .references(() => territories.id, { onDelete: 'cascade' }),
    actorId: text('actor_id'),
    fileName: text('file_name').notNull(),
    rows: jsonb('rows').notNull(),
    planHash: text('plan_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('registry_import_drafts_created_idx').on(t.createdAt)],
);
