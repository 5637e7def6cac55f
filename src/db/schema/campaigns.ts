import { bigserial, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { campaigns, organisations } from './registry';
import { roles } from '../../auth/labels';
import { stepStatuses } from '../../campaigns/status';

/**
 * Field-level history of an organisation's card. The audit log records the same change for the whole
 * system; this table is what the card shows, and it survives audit-log retention choices.
 */
export const organisationHistory = pgTable(
  'organisation_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    /** manual | import | demo */
    source: text('source').notNull(),
    /** { field: { from, to } } for every field that changed; on creation `from` is null. */
    changes: jsonb('changes').notNull(),
  },
  (t) => [index('organisation_history_org_idx').on(t.organisationId, t.at)],
);

// The list lives in a client-safe module (pages render it); the table definitions use it from here.
export { stepStatuses, type StepStatus } from '../../campaigns/status';

/** The statutory calendar of one campaign: the steps of the yearly cycle with planned dates. */
export const campaignSteps = pgTable(
  'campaign_steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
    /** Stable key of the step in the calendar template (src/campaigns/calendar.ts). */
    key: text('key').notNull(),
    sort: integer('sort').notNull(),
    title: text('title').notNull(),
    responsibleRole: text('responsible_role', { enum: roles }).notNull(),
    plannedOn: date('planned_on'),
    doneOn: date('done_on'),
    status: text('status', { enum: stepStatuses }).notNull().default('planned'),
  },
  (t) => [uniqueIndex('campaign_steps_key_idx').on(t.campaignId, t.key)],
);

/** Files attached to a campaign (the council decision). Bytes live under DATA_DIR; the row keeps the hash. */
export const campaignDocuments = pgTable(
  'campaign_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['council_decision'] }).notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    /** Path relative to DATA_DIR. */
    storedPath: text('stored_path').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
    uploadedBy: text('uploaded_by'),
  },
  (t) => [index('campaign_documents_campaign_idx').on(t.campaignId)],
);
