import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { campaigns, organisations } from './registry';
import { roles } from '../../auth/labels';
import { campaignEventKinds, stepStatuses } from '../../campaigns/status';

/**
 * Field-level history of an organisation's card. The audit log records the same change for the whole
 * system; this table is what the card shows, and it survives audit-log retention choices.
 */
export const organisationHistory = pgTable(
  'organisation_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
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
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
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
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
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

/**
 * What actually happened in a campaign, with the date it happened on: the events that start and stop the
 * statutory clocks and drive the campaign's stage. One current record per kind; recording it again
 * replaces the date (the audit log keeps the earlier one). Written by `recordCampaignEvent`
 * (src/campaigns/events.server.ts) from the campaign page, the results room and the council room.
 */
export { campaignEventKinds, type CampaignEventKind } from '../../campaigns/status';

export const campaignEvents = pgTable(
  'campaign_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: campaignEventKinds }).notNull(),
    /** The documented date of the event (never in the future). */
    occurredOn: date('occurred_on').notNull(),
    /** The document that proves it: «сопроводительное письмо № 12 от …», «решение № 3-ОС». */
    document: text('document'),
    /** Which room recorded it: campaigns, council, results. */
    source: text('source').notNull().default('campaigns'),
    /** The row in that room (a council decision, a result version), when there is one. */
    sourceId: text('source_id'),
    recordedBy: text('recorded_by'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('campaign_events_kind_idx').on(t.campaignId, t.kind)],
);

/**
 * A statutory deadline as it was computed: the event it counts from, the rule (ГК РФ 191–193), the
 * calendar used and whether that calendar was complete. Recomputed when its event changes or a missing
 * calendar year is loaded; never edited by hand.
 */
export const campaignDeadlines = pgTable(
  'campaign_deadlines',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    /** The step the deadline belongs to: council_results, authority_measures. */
    key: text('key').notNull(),
    fromEvent: text('from_event', { enum: campaignEventKinds }).notNull(),
    fromDate: date('from_date').notNull(),
    /** { kind: months|days|working_days, count } */
    rule: jsonb('rule').notNull(),
    ruleText: text('rule_text').notNull(),
    nominal: date('nominal').notNull(),
    due: date('due').notNull(),
    preliminary: boolean('preliminary').notNull(),
    calendar: text('calendar').notNull(),
    /** «календарь на ГГГГ год не загружен — срок предварительный» when preliminary. */
    note: text('note'),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('campaign_deadlines_key_idx').on(t.campaignId, t.key)],
);
