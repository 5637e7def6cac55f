import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { campaigns, organisations } from './registry';

export const siteAuditRunStatuses = ['pending', 'running', 'done', 'cancelled'] as const;

/**
 * One bulk audit of a campaign's organisations. `done`/`failed` are tallies kept in the same transaction as
 * each stored result, so progress pages read one row instead of counting results.
 */
export const siteAuditRuns = pgTable(
  'site_audit_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null only for runs made outside a campaign (tests, one-off tooling). */
    campaignId: uuid('campaign_id').references(() => campaigns.id, { onDelete: 'cascade' }),
    status: text('status', { enum: siteAuditRunStatuses }).notNull().default('pending'),
    /**
     * Who executes the run: the server (then a `site-audit-run` job of the generic runner executes it,
     * decision 0115) or the command line in the foreground.
     */
    runner: text('runner', { enum: ['server', 'cli'] })
      .notNull()
      .default('server'),
    /** BulkAuditSettings pinned at creation, so a resumed run audits the rest under the same rules. */
    settings: jsonb('settings').notNull(),
    createdBy: text('created_by'),
    createdByName: text('created_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    total: integer('total').notNull().default(0),
    done: integer('done').notNull().default(0),
    failed: integer('failed').notNull().default(0),
  },
  (t) => [index('site_audit_runs_campaign_idx').on(t.campaignId, t.createdAt)],
);

/**
 * One organisation in one run. The row exists from the run's creation (pending: finished_at is null), which
 * is what makes a run resumable: whatever was in flight when the process died is still pending.
 */
export const siteAuditResults = pgTable(
  'site_audit_results',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => siteAuditRuns.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** Null when the registry has no website for the organisation (reported, not skipped). */
    url: text('url'),
    orgType: text('org_type').notNull(),
    report: jsonb('report'),
    error: text('error'),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** ReportDiff against the previous successful audit of the same organisation. */
    diff: jsonb('diff'),
    // Summary copied out of the report so lists never load reports.
    present: integer('present'),
    required: integer('required'),
    changes: integer('changes'),
  },
  (t) => [
    uniqueIndex('site_audit_results_run_org_idx').on(t.runId, t.organisationId),
    // "Latest result of an organisation" (checklists pre-fill, diff against the previous audit).
    index('site_audit_results_org_latest_idx').on(t.organisationId, t.finishedAt.desc()),
  ],
);
