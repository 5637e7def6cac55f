import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only record of every change to data that matters (scores, plans, registry, decisions).
 * The application never updates or deletes rows here; the table has no foreign keys on purpose, so that
 * removing an account or an organisation never rewrites history.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    reason: text('reason'),
    /**
     * Territory the changed thing belonged to when the change was made; null for global things (setup,
     * administrators' sign-ins). Written once and never joined at read time, so moving an organisation
     * later does not move its history (docs/decisions/0013). No foreign key, as for every column here.
     */
    territoryId: uuid('territory_id'),
  },
  (t) => [
    index('audit_log_entity_idx').on(t.entity, t.entityId),
    index('audit_log_at_idx').on(t.at),
    index('audit_log_territory_at_idx').on(t.territoryId, t.at),
  ],
);
