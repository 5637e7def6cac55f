import {
  boolean,
  date,
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
import { campaigns, organisations, territories } from './registry';
import { users } from './auth';
import { resultVersions } from './results';

import {
  agendaKinds,
  decisionKinds,
  meetingFormats,
  memberRoles,
  proposalAddressees,
  proposalStatuses,
  quorumRules,
  tieRules,
  voteChoices,
  type Invitee,
} from '../../council/enums';
export * from '../../council/enums';

/** The public council of a territory (municipality or region) and the rules its statute sets. */
export const councils = pgTable(
  'councils',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    territoryId: uuid('territory_id')
      .notNull()
      .references(() => territories.id),
    name: text('name').notNull(),
    quorumRule: text('quorum_rule', { enum: quorumRules }).notNull().default('more_than_half'),
    tieRule: text('tie_rule', { enum: tieRules }).notNull().default('presiding_decides'),
    absenteeVoting: boolean('absentee_voting').notNull().default(false),
    /** Survey criteria below this many points bring a standard proposal (operators' practice: 90). */
    proposalThreshold: integer('proposal_threshold').notNull().default(90),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('councils_territory_idx').on(t.territoryId)],
);

export const councilMembers = pgTable(
  'council_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    councilId: uuid('council_id')
      .notNull()
      .references(() => councils.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    role: text('role', { enum: memberRoles }).notNull().default('member'),
    /** Whom the member represents (a parents' association, a public chamber…). */
    represents: text('represents').notNull().default(''),
    termFrom: date('term_from').notNull(),
    termTo: date('term_to').notNull(),
    /** Date of the signed declaration: not an official, not staff of an educational organisation. */
    eligibilityDeclaredOn: date('eligibility_declared_on'),
    email: text('email'),
    userId: uuid('user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('council_members_council_idx').on(t.councilId)],
);

export type StoredFile = {
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  storedPath: string;
  uploadedAt: string;
  uploadedBy: string | null;
};

export const councilMeetings = pgTable(
  'council_meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    councilId: uuid('council_id')
      .notNull()
      .references(() => councils.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    /** Sequence within the year: the protocol's number. */
    number: integer('number').notNull(),
    heldOn: date('held_on').notNull(),
    place: text('place').notNull().default(''),
    format: text('format', { enum: meetingFormats }).notNull().default('in_person'),
    presidingMemberId: uuid('presiding_member_id').references(() => councilMembers.id),
    secretaryMemberId: uuid('secretary_member_id').references(() => councilMembers.id),
    invitees: jsonb('invitees').$type<Invitee[]>().notNull().default([]),
    noticeSentAt: timestamp('notice_sent_at', { withTimezone: true }),
    /** The signed scan of the protocol. */
    scan: jsonb('scan').$type<StoredFile | null>(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('council_meetings_number_idx').on(t.councilId, t.year, t.number)],
);

/** Members present at a meeting (absentee ballots count as present when the council allows them). */
export const councilAttendance = pgTable(
  'council_attendance',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => councilMeetings.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => councilMembers.id),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.memberId] })],
);

export const councilAgendaItems = pgTable(
  'council_agenda_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => councilMeetings.id, { onDelete: 'cascade' }),
    sort: integer('sort').notNull(),
    kind: text('kind', { enum: agendaKinds }).notNull(),
    title: text('title').notNull(),
    campaignId: uuid('campaign_id').references(() => campaigns.id),
    /** СЛУШАЛИ / ВЫСТУПИЛИ / РЕШИЛИ of the protocol. */
    heard: text('heard').notNull().default(''),
    spoke: text('spoke').notNull().default(''),
    decided: text('decided').notNull().default(''),
    votesFor: integer('votes_for'),
    votesAgainst: integer('votes_against'),
    votesAbstained: integer('votes_abstained'),
    /** How the presiding member voted: decides a tie when the council's tie rule says so. */
    presidingVote: text('presiding_vote', { enum: voteChoices }),
    /** Computed when the votes are recorded: quorum, majority and tie rule. */
    adopted: boolean('adopted'),
    /** The result version a results item approves. */
    resultVersionId: uuid('result_version_id').references(() => resultVersions.id),
    /** Kind-specific content: tor points, additional criteria. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('council_agenda_meeting_idx').on(t.meetingId, t.sort)],
);

/**
 * A decision of the council. Adopted at a meeting (agenda item) or, for decisions taken before НОКО kept
 * the council's meetings, migrated from the campaign (source 'migrated').
 */
export const councilDecisions = pgTable(
  'council_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    councilId: uuid('council_id').references(() => councils.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id').references(() => campaigns.id, { onDelete: 'cascade' }),
    meetingId: uuid('meeting_id').references(() => councilMeetings.id),
    agendaItemId: uuid('agenda_item_id').references(() => councilAgendaItems.id),
    kind: text('kind', { enum: decisionKinds }).notNull(),
    number: text('number').notNull(),
    decidedOn: date('decided_on').notNull(),
    text: text('text').notNull().default(''),
    resultVersionId: uuid('result_version_id').references(() => resultVersions.id),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    source: text('source', { enum: ['meeting', 'migrated'] })
      .notNull()
      .default('meeting'),
    /** A document attached to a migrated decision (campaign_documents row). */
    documentId: uuid('document_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('council_decisions_campaign_idx').on(t.campaignId, t.kind),
    index('council_decisions_council_idx').on(t.councilId),
  ],
);

/**
 * The events of both legal clocks of a campaign, as documented: report received (with its covering
 * document) → council decision adopted and sent → received by the authority → the authority's measures.
 * Deadlines are stored with the rule and calendar they were computed with.
 */
export const councilClockEvents = pgTable('council_clock_events', {
  campaignId: uuid('campaign_id')
    .primaryKey()
    .references(() => campaigns.id, { onDelete: 'cascade' }),
  reportReceivedOn: date('report_received_on'),
  reportCoveringDocument: text('report_covering_document'),
  councilDeadline: jsonb('council_deadline'),
  resultsDecisionId: uuid('results_decision_id').references(() => councilDecisions.id),
  decisionAdoptedOn: date('decision_adopted_on'),
  decisionSentOn: date('decision_sent_on'),
  authorityReceivedOn: date('authority_received_on'),
  authorityDeadline: jsonb('authority_deadline'),
  measuresActNumber: text('measures_act_number'),
  measuresActDate: date('measures_act_date'),
  measuresText: text('measures_text'),
  measuresPassedOn: date('measures_passed_on'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Proposals for improvement per organisation, drafted from the locked result version and adopted with the
 * results decision. The improvement plans take their rows from adopted proposals (src/council/proposals).
 */
export const councilProposals = pgTable(
  'council_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    resultVersionId: uuid('result_version_id').references(() => resultVersions.id),
    /** Null: addressed to all organisations of the campaign. */
    organisationId: uuid('organisation_id').references(() => organisations.id),
    addressee: text('addressee', { enum: proposalAddressees }).notNull(),
    /** K1…K5 */
    criterion: text('criterion').notNull(),
    /** 1.1, 3.2… */
    indicator: text('indicator'),
    /** Where it comes from: «3.1:ramps», «1.1-site:<item>», «survey:K4», or null for a proposal written by hand. */
    sourceItem: text('source_item'),
    text: text('text').notNull(),
    needsFunding: boolean('needs_funding').notNull().default(false),
    origin: text('origin', { enum: ['auto', 'manual'] })
      .notNull()
      .default('auto'),
    status: text('status', { enum: proposalStatuses }).notNull().default('draft'),
    decisionId: uuid('decision_id').references(() => councilDecisions.id),
    sort: integer('sort').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('council_proposals_campaign_org_idx').on(t.campaignId, t.organisationId, t.status)],
);

/** The authority's information meetings with heads of organisations (at least two a year). */
export const infoMeetings = pgTable(
  'council_info_meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    territoryId: uuid('territory_id')
      .notNull()
      .references(() => territories.id),
    heldOn: date('held_on').notNull(),
    topic: text('topic').notNull(),
    attendees: text('attendees').notNull().default(''),
    materials: text('materials').notNull().default(''),
    record: text('record').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('council_info_meetings_territory_idx').on(t.territoryId, t.heldOn)],
);
