import { bigint, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Windowed hit counters shared by every app instance on one database (rate limits, login attempts for
 * unknown addresses, survey integrity windows): one row per key and fixed window, incremented with a
 * single upsert. Keys never hold an address or an e-mail in clear (callers hash them).
 */
export const sharedCounters = pgTable(
  'shared_counters',
  {
    key: text('key').notNull(),
    /** floor(epoch ms / window length): the window this row counts. */
    bucket: bigint('bucket', { mode: 'number' }).notNull(),
    hits: integer('hits').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.bucket] }), index('shared_counters_expires_idx').on(t.expiresAt)],
);

/** Values that may be used once (the questionnaire's form tokens): a second insert of the same hash fails. */
export const usedOnce = pgTable(
  'used_once',
  {
    hash: text('hash').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('used_once_expires_idx').on(t.expiresAt)],
);
