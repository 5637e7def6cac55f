// Background jobs (src/jobs): a generic queue in the database with leases, so a restart resumes work and
// several instances never run one job at once (the site audit's runner, decision 0007, generalised).
import { index, integer, jsonb, pgTable, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const jobStatuses = ['pending', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof jobStatuses)[number];

export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Handler name, e.g. «document». */
    kind: text('kind').notNull(),
    params: jsonb('params').notNull(),
    /** Canonical JSON of kind + params: equal requests share one job and one file. */
    paramsKey: text('params_key').notNull(),
    /** What the data the result is made from is (a result version's hash); a new key means a new file. */
    dataKey: text('data_key'),
    status: text('status', { enum: jobStatuses }).notNull().default('pending'),
    /** 0–1. */
    progress: real('progress').notNull().default(0),
    stage: text('stage'),
    attempts: integer('attempts').notNull().default(0),
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    /** File name inside the data folder's jobs/ directory (SHA-256 of the content plus extension). */
    resultFile: text('result_file'),
    resultBytes: integer('result_bytes'),
    error: text('error'),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('jobs_status_idx').on(t.status, t.createdAt), index('jobs_params_idx').on(t.paramsKey, t.dataKey)],
);

export type Job = typeof jobs.$inferSelect;
