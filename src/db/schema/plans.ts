import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { campaigns, organisations, territories } from './registry';
import { users } from './auth';
import { resultVersions } from './results';

export const planStatuses = [
  'draft',
  'submitted',
  'returned',
  'agreed',
  'approved',
  'published',
  'superseded',
] as const;
export type PlanStatus = (typeof planStatuses)[number];

export const planItemStatuses = ['planned', 'in_progress', 'claimed', 'verified', 'cancelled', 'carried_over'] as const;
export type PlanItemStatus = (typeof planItemStatuses)[number];

export const planSections = ['I', 'II', 'III', 'IV', 'V'] as const;
export type PlanSection = (typeof planSections)[number];

export const planItemSources = ['shortfall', 'proposal', 'feedback', 'own', 'carried'] as const;
export type PlanItemSource = (typeof planItemSources)[number];

export const plannedKinds = ['date', 'permanent', 'periodic'] as const;
export type PlannedKind = (typeof plannedKinds)[number];

export const reportPeriods = ['quarter', 'half', 'year'] as const;
export type ReportPeriod = (typeof reportPeriods)[number];

/**
 * A territory's rules for plans (no federal deadline exists): periods for drafting, approval and
 * publication, and how often progress reports are due. One row per territory; absent = the defaults in
 * src/plans/settings.server.ts.
 */
export const planSettings = pgTable('plan_settings', {
  territoryId: uuid('territory_id')
    .primaryKey()
    .references(() => territories.id),
  /** { kind, count } of src/calendar/deadlines.ts, counted from the council's approval of the results. */
  draftRule: jsonb('draft_rule').notNull(),
  /** Counted from the drafting deadline. */
  approvalRule: jsonb('approval_rule').notNull(),
  /** Counted from the approval act's date. */
  publicationRule: jsonb('publication_rule').notNull(),
  reportPeriod: text('report_period', { enum: reportPeriods }).notNull().default('quarter'),
  /** Calendar days after the end of the period (the 3rd day by default). */
  reportDays: integer('report_days').notNull().default(3),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by'),
});

/** The authority's act approving one or many plans at once (decree, order). */
export const planActs = pgTable(
  'plan_acts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    territoryId: uuid('territory_id')
      .notNull()
      .references(() => territories.id),
    kind: text('kind').notNull(),
    number: text('number').notNull(),
    date: date('date').notNull(),
    approverPost: text('approver_post').notNull(),
    approverName: text('approver_name').notNull(),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('plan_acts_territory_idx').on(t.territoryId)],
);

/**
 * One improvement plan of one organisation for one campaign, answering one locked (approved or published)
 * result version. An approved plan is read-only; a change makes version n+1 and marks this one superseded.
 */
export const improvementPlans = pgTable(
  'improvement_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** The organisation's municipality when the plan was made (scope, audit entries). */
    territoryId: uuid('territory_id')
      .notNull()
      .references(() => territories.id),
    resultVersionId: uuid('result_version_id')
      .notNull()
      .references(() => resultVersions.id),
    /** Calendar year the plan covers («на 20__ год»). */
    year: integer('year').notNull(),
    version: integer('version').notNull().default(1),
    previousId: uuid('previous_id'),
    status: text('status', { enum: planStatuses }).notNull().default('draft'),
    /** True until the organisation first changes the generated draft. */
    generated: boolean('generated').notNull().default(true),
    returnComment: text('return_comment'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    agreedAt: timestamp('agreed_at', { withTimezone: true }),
    agreedBy: text('agreed_by'),
    actId: uuid('act_id').references(() => planActs.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** Entered by hand: where and when the organisation published it. */
    siteUrl: text('site_url'),
    busGovOn: date('bus_gov_on'),
    /** Grows with every change of the plan or its rows: optimistic-concurrency token and public cache key. */
    revision: integer('revision').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('improvement_plans_version_idx').on(t.campaignId, t.organisationId, t.version),
    index('improvement_plans_org_idx').on(t.organisationId),
    index('improvement_plans_territory_idx').on(t.territoryId, t.status),
  ],
);

/** One row of a plan (columns 1–5.2 of the decree-457 form) and its execution. */
export const planItems = pgTable(
  'plan_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => improvementPlans.id, { onDelete: 'cascade' }),
    section: text('section', { enum: planSections }).notNull(),
    position: integer('position').notNull(),
    /** Indicator (1.1 … 5.3) and, for checklist shortfalls, the checklist key and item. */
    indicator: text('indicator'),
    checklist: text('checklist'),
    itemId: text('item_id'),
    source: text('source', { enum: planItemSources }).notNull(),
    /** Id of the council proposal the row answers (src/council), when it came from one. */
    proposalId: text('proposal_id'),
    shortfall: text('shortfall').notNull(),
    measure: text('measure').notNull(),
    plannedKind: text('planned_kind', { enum: plannedKinds }).notNull().default('date'),
    /** The due date; for a periodic row the next date of the clock; null for «постоянно». */
    plannedDate: date('planned_date'),
    periodicNote: text('periodic_note'),
    responsibleName: text('responsible_name').notNull(),
    responsiblePost: text('responsible_post').notNull(),
    responsibleUserId: uuid('responsible_user_id').references(() => users.id),
    needsFunding: boolean('needs_funding').notNull().default(false),
    status: text('status', { enum: planItemStatuses }).notNull().default('planned'),
    implemented: text('implemented'),
    actualDate: date('actual_date'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    verifiedBy: text('verified_by'),
    verifiedRole: text('verified_role'),
    verificationNote: text('verification_note'),
    /** The re-audit of a site row: { at, url, present, detail, resultId? }. */
    siteCheck: jsonb('site_check'),
    rejectedReason: text('rejected_reason'),
    cancelReason: text('cancel_reason'),
    cancelAgreedBy: text('cancel_agreed_by'),
    /** Carried over: the row of the next cycle's plan it was copied to (and back). */
    carriedToId: uuid('carried_to_id'),
    carriedFromId: uuid('carried_from_id'),
    /** «Устранено?» answers of citizens, kept beside the row (written in the answer's transaction). */
    fixedYes: integer('fixed_yes').notNull().default(0),
    fixedNo: integer('fixed_no').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('plan_items_plan_idx').on(t.planId, t.section, t.position),
    index('plan_items_status_idx').on(t.status, t.plannedDate),
    // The claimed rows waiting for a verifier, oldest claim first (the dashboard's list).
    index('plan_items_claimed_idx')
      .on(t.claimedAt)
      .where(sql`status = 'claimed'`),
    // Open dated rows by due date: the overdue list reads the earliest few without sorting every open row.
    index('plan_items_open_due_idx')
      .on(t.plannedDate)
      .where(sql`status in ('planned', 'in_progress') and planned_kind <> 'permanent'`),
  ],
);

/**
 * Read model of the dashboard and the start pages (decision 0085): how many rows of a campaign's plans
 * are in each state, per municipality, plan status, section and «needs funding», with the due date of
 * open dated rows so that «overdue» stays computed at read time. Kept by statement-level triggers on
 * plan_items and improvement_plans (migration 0015), so every write — the pages, the generator, the
 * demo, a bulk SQL update — changes it in the same transaction. Rows are never removed; n may reach 0.
 */
export const planRowTallies = pgTable(
  'plan_row_tallies',
  {
    campaignId: uuid('campaign_id').notNull(),
    territoryId: uuid('territory_id').notNull(),
    planStatus: text('plan_status', { enum: planStatuses }).notNull(),
    section: text('section', { enum: planSections }).notNull(),
    needsFunding: boolean('needs_funding').notNull(),
    status: text('status', { enum: planItemStatuses }).notNull(),
    /** Planned date of an open (planned, in progress) row that has one and is not «постоянно»; else null. */
    due: date('due'),
    n: integer('n').notNull(),
  },
  (t) => [
    unique('plan_row_tallies_key')
      .on(t.campaignId, t.territoryId, t.planStatus, t.section, t.needsFunding, t.status, t.due)
      .nullsNotDistinct(),
  ],
);

/**
 * Version stamps of the plans dashboard's data (decision 0089): one counter per campaign, bumped in the
 * writer's transaction by statement-level triggers (migration 0018) on every table the dashboard shows —
 * plans, their rows, progress reports, the campaign and its result versions. The nil UUID is the stamp
 * of data without a campaign: organisations' names, territories, territory settings. Rows are never
 * removed (a deleted campaign's counter stays), so a stamp never goes back to a value already seen.
 */
export const plansCampaignStamps = pgTable('plans_campaign_stamps', {
  campaignId: uuid('campaign_id').primaryKey(),
  stamp: bigint('stamp', { mode: 'number' }).notNull(),
});

/** Evidence of a claimed row: a photo or a document (bytes under uploads/<sha256>) or a link. */
export const planEvidence = pgTable(
  'plan_evidence',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => planItems.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['photo', 'document', 'link'] }).notNull(),
    sha256: text('sha256'),
    /** Sniffed from the bytes, never taken from the client. */
    mediaType: text('media_type'),
    size: integer('size'),
    url: text('url'),
    /** Staff chose to show this photo publicly (decision 0054: evidence photos are not public by default). */
    published: boolean('published').notNull().default(false),
    uploadedBy: text('uploaded_by'),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('plan_evidence_item_idx').on(t.itemId)],
);

/** A progress report (сведения о ходе реализации): the rows frozen as they stood on the as-of date. */
export const planReports = pgTable(
  'plan_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => improvementPlans.id, { onDelete: 'cascade' }),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    dueDate: date('due_date').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    submittedBy: text('submitted_by'),
    rows: jsonb('rows').notNull(),
    status: text('status', { enum: ['submitted', 'accepted', 'returned'] })
      .notNull()
      .default('submitted'),
    reviewComment: text('review_comment'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('plan_reports_period_idx').on(t.planId, t.periodEnd, t.submittedAt),
    index('plan_reports_plan_idx').on(t.planId),
    // Reports waiting for the authority's review: few among thousands of accepted ones.
    index('plan_reports_submitted_idx')
      .on(t.submittedAt)
      .where(sql`status = 'submitted'`),
  ],
);

/** One citizen's «Устранено?» answer to one row: one per browser (hashed token), network hashed. */
export const planFeedback = pgTable(
  'plan_feedback',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => planItems.id, { onDelete: 'cascade' }),
    fixed: boolean('fixed').notNull(),
    browserKey: text('browser_key').notNull(),
    networkHash: text('network_hash'),
    /** Not counted: too many answers to this row from one network (the survey's burst rule). */
    quarantined: boolean('quarantined').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('plan_feedback_browser_idx').on(t.itemId, t.browserKey),
    index('plan_feedback_network_idx').on(t.itemId, t.networkHash),
  ],
);

/** Reminders already sent, so a daily run never sends the same one twice. */
export const planReminders = pgTable('plan_reminders', {
  key: text('key').primaryKey(),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
});
