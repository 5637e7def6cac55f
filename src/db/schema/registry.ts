import { boolean, date, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, index } from 'drizzle-orm/pg-core';
import { roles } from '../../auth/labels';

export const organisationTypes = ['preschool', 'school', 'college', 'additional'] as const;
export type OrganisationType = (typeof organisationTypes)[number];

// The list lives in a client-safe module (pages render it); the table definitions use it from here.
export { roles, type Role } from '../../auth/labels';

/** Region → municipality. */
export const territories = pgTable('territories', {
  id: uuid('id').primaryKey().defaultRandom(),
  parentId: uuid('parent_id'),
  kind: text('kind', { enum: ['region', 'municipality'] }).notNull(),
  name: text('name').notNull(),
  code: text('code'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    territoryId: uuid('territory_id').notNull().references(() => territories.id),
    fullName: text('full_name').notNull(),
    shortName: text('short_name').notNull(),
    type: text('type', { enum: organisationTypes }).notNull(),
    inn: text('inn').notNull(),
    ogrn: text('ogrn'),
    kpp: text('kpp'),
    address: text('address'),
    website: text('website'),
    headName: text('head_name'),
    founder: text('founder'),
    /** Number of service recipients: drives the survey sample target. */
    recipients: integer('recipients'),
    status: text('status', { enum: ['active', 'reorganised', 'closed'] }).notNull().default('active'),
    /** Last independent assessment held before this system kept campaigns (periodicity rules use it). */
    lastAssessedOn: date('last_assessed_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('organisations_inn_idx').on(t.inn), index('organisations_territory_idx').on(t.territoryId)],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    role: text('role', { enum: roles }).notNull(),
    /** Council members: chair, secretary or ordinary member. */
    councilPosition: text('council_position', { enum: ['chair', 'secretary', 'member'] }),
    territoryId: uuid('territory_id').references(() => territories.id),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    active: boolean('active').notNull().default(true),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_idx').on(t.email)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie token: a leaked table does not yield usable sessions. */
    id: text('id').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    territoryId: uuid('territory_id').notNull().references(() => territories.id),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    methodologyId: text('methodology_id').notNull(),
    /** Scoring policies pinned for the campaign (zero-denominator, rounding, bands, minimum n, sample rule). */
    policies: jsonb('policies').notNull(),
    status: text('status', { enum: ['draft', 'collecting', 'scoring', 'approved', 'published', 'closed'] })
      .notNull()
      .default('draft'),
    councilDecisionNumber: text('council_decision_number'),
    councilDecisionDate: date('council_decision_date'),
    operatorName: text('operator_name'),
    operatorContract: text('operator_contract'),
    operatorReportDate: date('operator_report_date'),
    surveyOpensOn: date('survey_opens_on'),
    surveyClosesOn: date('survey_closes_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('campaigns_territory_idx').on(t.territoryId, t.year)],
);

/** The list the council decided: which organisations a campaign assesses. */
export const campaignOrganisations = pgTable(
  'campaign_organisations',
  {
    campaignId: uuid('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    /** Required when the organisation was assessed less than a year ago. */
    inclusionReason: text('inclusion_reason'),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.organisationId] }), index('campaign_orgs_org_idx').on(t.organisationId)],
);
