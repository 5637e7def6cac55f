import { sql } from 'drizzle-orm';
import {
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  index,
} from 'drizzle-orm/pg-core';

export const organisationTypes = ['preschool', 'school', 'college', 'additional'] as const;
export type OrganisationType = (typeof organisationTypes)[number];

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
    territoryId: uuid('territory_id')
      .notNull()
      .references(() => territories.id),
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
    status: text('status', { enum: ['active', 'reorganised', 'closed'] })
      .notNull()
      .default('active'),
    /** Last independent assessment held before this system kept campaigns (periodicity rules use it). */
    lastAssessedOn: date('last_assessed_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('organisations_inn_idx').on(t.inn), index('organisations_territory_idx').on(t.territoryId)],
);

export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    territoryId: uuid('territory_id')
      .notNull()
      .references(() => territories.id),
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
    /** A deliberate second campaign of the same territory and year (administrator only): why it exists. */
    repeatReason: text('repeat_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('campaigns_territory_idx').on(t.territoryId, t.year),
    // One campaign per territory and year; a repeat carries its reason and is outside the rule.
    uniqueIndex('campaigns_territory_year_idx')
      .on(t.territoryId, t.year)
      .where(sql`${t.repeatReason} is null`),
  ],
);

/** The list the council decided: which organisations a campaign assesses. */
export const campaignOrganisations = pgTable(
  'campaign_organisations',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** Required when the organisation was assessed less than a year ago. */
    inclusionReason: text('inclusion_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.organisationId] }),
    index('campaign_orgs_org_idx').on(t.organisationId),
  ],
);
