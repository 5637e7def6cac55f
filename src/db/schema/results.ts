import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { campaigns, organisations } from './registry';

export const resultStatuses = ['draft', 'approved', 'published'] as const;
export type ResultStatus = (typeof resultStatuses)[number];

/**
 * One version of a campaign's results. Draft → approved by the council (decision number, date, who) →
 * published. A published row never changes again except `supersededBy` (set when a correction is
 * published): the snapshot and its hash are the official record.
 */
export const resultVersions = pgTable(
  'result_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    /** 1, 2, 3… per campaign. */
    version: integer('version').notNull(),
    status: text('status', { enum: resultStatuses }).notNull().default('draft'),
    /** The version this one corrects; null for the first. */
    correctsId: uuid('corrects_id'),
    /** Why the correction was made (required for version ≥ 2). */
    reason: text('reason'),
    /**
     * The full scoring run as compact JSON text (format 2, src/results/snapshot.ts, decision 0053): inputs,
     * numbers, survey intervals, checklist answers per item. Text, not jsonb: stored exactly as hashed, and
     * a 3,000-organisation region is written without a jsonb parse (query it with `snapshot::jsonb`).
     */
    snapshot: text('snapshot').notNull(),
    /** SHA-256 of the snapshot text as stored: the ETag of public pages and exports. */
    contentHash: text('content_hash').notNull(),
    organisations: integer('organisations').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
    computedBy: text('computed_by'),
    decisionNumber: text('decision_number'),
    decisionDate: date('decision_date'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    approvedBy: text('approved_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: text('published_by'),
    /** Set on a published version when a later correction is published; both stay visible. */
    supersededBy: uuid('superseded_by'),
  },
  (t) => [
    uniqueIndex('result_versions_campaign_version_idx').on(t.campaignId, t.version),
    index('result_versions_campaign_status_idx').on(t.campaignId, t.status),
  ],
);

/**
 * The headline numbers of every organisation of every version, one row each: an organisation's history
 * across campaigns and the JSON API read these without opening the snapshots.
 */
export const resultScores = pgTable(
  'result_scores',
  {
    versionId: uuid('version_id')
      .notNull()
      .references(() => resultVersions.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id').notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    total: doublePrecision('total'),
    rank: integer('rank'),
    band: text('band'),
    /** { K1: number|null, … } */
    criteria: jsonb('criteria').notNull(),
    respondents: integer('respondents').notNull(),
    belowMinimum: boolean('below_minimum').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.organisationId] }),
    index('result_scores_org_idx').on(t.organisationId),
  ],
);
