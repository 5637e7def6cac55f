import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  bigserial,
} from 'drizzle-orm/pg-core';
import { campaigns, organisations } from './registry';

export const responseModes = ['online', 'paper', 'interview', 'phone'] as const;
export type ResponseMode = (typeof responseModes)[number];

export const responseStatuses = ['counted', 'quarantined', 'excluded'] as const;
export type ResponseStatus = (typeof responseStatuses)[number];

// Defined in a client-safe module (the questionnaire checks it), re-exported for the table definitions' users.
export { SURVEY_QUESTION_SLOTS } from '../../survey/slots';

/** Per-campaign survey secret: keys the network hashes and signs render times. Never leaves the server. */
export const surveySecrets = pgTable('survey_secrets', {
  campaignId: uuid('campaign_id')
    .primaryKey()
    .references(() => campaigns.id, { onDelete: 'cascade' }),
  secret: text('secret').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The public short code of one campaign × organisation questionnaire (`/q/<code>`). */
export const surveyLinks = pgTable(
  'survey_links',
  {
    code: text('code').primaryKey(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** Closed mode: every submission needs a one-time access code from a printed pack. */
    closed: boolean('closed').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('survey_links_campaign_org_idx').on(t.campaignId, t.organisationId)],
);

/**
 * One row per respondent (per browser for online answers). Answers are typed smallint columns
 * (1 = yes, 0 = no, null = not answered or skipped) because aggregation over them is 2.5–3× faster than
 * jsonb. No IP, no access code, no free text here: see survey_suggestions and survey_access_codes.
 */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    campaignId: uuid('campaign_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    mode: text('mode', { enum: responseModes }).notNull(),
    status: text('status', { enum: responseStatuses }).notNull(),
    /** Integrity signals raised for this response (e.g. burst, fast-all-yes, pattern, no-timing). */
    flags: text('flags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** SHA-256 of the random per-browser cookie: lets a second submission replace the first. */
    browserKey: text('browser_key'),
    /** HMAC of the client's network with the campaign secret; never the address itself. */
    networkHash: text('network_hash'),
    /** Seconds between rendering the form and submitting it (signed render time), when known. */
    fillSeconds: integer('fill_seconds'),
    q1: smallint('q1'),
    q2: smallint('q2'),
    q3: smallint('q3'),
    q4: smallint('q4'),
    q5: smallint('q5'),
    q6: smallint('q6'),
    q7: smallint('q7'),
    q8: smallint('q8'),
    q9: smallint('q9'),
    q10: smallint('q10'),
    q11: smallint('q11'),
    q12: smallint('q12'),
    q13: smallint('q13'),
    q14: smallint('q14'),
    respondent: text('respondent'),
    sex: text('sex'),
    age: text('age'),
    /** Operator who keyed in a paper/interview/phone questionnaire. */
    enteredBy: uuid('entered_by'),
    revision: integer('revision').notNull().default(1),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    reviewReason: text('review_reason'),
  },
  (t) => [
    uniqueIndex('survey_responses_browser_idx').on(t.campaignId, t.organisationId, t.browserKey),
    index('survey_responses_org_idx').on(t.campaignId, t.organisationId, t.status),
    // Keyset pagination of the export (campaign, then id): a range scan per batch whatever the statistics say.
    index('survey_responses_campaign_id_idx').on(t.campaignId, t.id),
  ],
);

/**
 * Live counts per campaign × organisation, updated by the same statement or transaction as the response.
 * Split into shards so that concurrent submissions for one school do not queue on a single row lock;
 * readers sum the shards.
 */
export const surveyTallies = pgTable(
  'survey_tallies',
  {
    campaignId: uuid('campaign_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    shard: smallint('shard').notNull(),
    /** Every stored response that is not excluded (counted + quarantined). */
    received: integer('received').notNull().default(0),
    /** Valid respondents N: counted responses. */
    valid: integer('valid').notNull().default(0),
    quarantined: integer('quarantined').notNull().default(0),
    excluded: integer('excluded').notNull().default(0),
    replaced: integer('replaced').notNull().default(0),
    online: integer('online').notNull().default(0),
    paper: integer('paper').notNull().default(0),
    interview: integer('interview').notNull().default(0),
    phone: integer('phone').notNull().default(0),
    q1Yes: integer('q1_yes').notNull().default(0),
    q1No: integer('q1_no').notNull().default(0),
    q2Yes: integer('q2_yes').notNull().default(0),
    q2No: integer('q2_no').notNull().default(0),
    q3Yes: integer('q3_yes').notNull().default(0),
    q3No: integer('q3_no').notNull().default(0),
    q4Yes: integer('q4_yes').notNull().default(0),
    q4No: integer('q4_no').notNull().default(0),
    q5Yes: integer('q5_yes').notNull().default(0),
    q5No: integer('q5_no').notNull().default(0),
    q6Yes: integer('q6_yes').notNull().default(0),
    q6No: integer('q6_no').notNull().default(0),
    q7Yes: integer('q7_yes').notNull().default(0),
    q7No: integer('q7_no').notNull().default(0),
    q8Yes: integer('q8_yes').notNull().default(0),
    q8No: integer('q8_no').notNull().default(0),
    q9Yes: integer('q9_yes').notNull().default(0),
    q9No: integer('q9_no').notNull().default(0),
    q10Yes: integer('q10_yes').notNull().default(0),
    q10No: integer('q10_no').notNull().default(0),
    q11Yes: integer('q11_yes').notNull().default(0),
    q11No: integer('q11_no').notNull().default(0),
    q12Yes: integer('q12_yes').notNull().default(0),
    q12No: integer('q12_no').notNull().default(0),
    q13Yes: integer('q13_yes').notNull().default(0),
    q13No: integer('q13_no').notNull().default(0),
    q14Yes: integer('q14_yes').notNull().default(0),
    q14No: integer('q14_no').notNull().default(0),
    lastResponseAt: timestamp('last_response_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.organisationId, t.shard] })],
);

/** Responses per hashed network and organisation: the "large share from one network" signal without scans. */
export const surveyNetworkTallies = pgTable(
  'survey_network_tallies',
  {
    campaignId: uuid('campaign_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    networkHash: text('network_hash').notNull(),
    responses: integer('responses').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.organisationId, t.networkHash] })],
);

/**
 * One-time access codes of closed mode, stored as HMACs. Deliberately no link to responses and no
 * time of use (a timestamp could be matched to a response's submitted_at).
 */
export const surveyAccessCodes = pgTable(
  'survey_access_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    campaignId: uuid('campaign_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    groupLabel: text('group_label').notNull(),
    used: boolean('used').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('survey_access_codes_org_idx').on(t.campaignId, t.organisationId, t.groupLabel)],
);

export const suggestionStatuses = ['pending', 'approved', 'rejected'] as const;

/** Free-text suggestions: a moderation queue, not linked to any response. */
export const surveySuggestions = pgTable(
  'survey_suggestions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    campaignId: uuid('campaign_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    text: text('text').notNull(),
    status: text('status', { enum: suggestionStatuses }).notNull().default('pending'),
    /** Text as approved by the moderator (personal data or abuse removed). */
    moderatedText: text('moderated_text'),
    moderatedBy: uuid('moderated_by'),
    moderatedAt: timestamp('moderated_at', { withTimezone: true }),
    /** Day only: the exact time could be matched to a response. */
    receivedOn: text('received_on').notNull(),
  },
  (t) => [index('survey_suggestions_queue_idx').on(t.campaignId, t.status, t.organisationId)],
);
