/**
 * The role × route matrix. Every page in app/routes.ts, every Hono page handler and every JSON API
 * operation must be listed below, either as public or with the policy action(s) that guard it; a route
 * added without an entry fails the classification tests. For each entry every persona (and an anonymous
 * visitor) requests it, and posts to it when it accepts posts, and the answer must match what the policy
 * module says for that persona in that scope. Refused posts must change nothing.
 */
import { count } from 'drizzle-orm';
import type { ServerBuild } from 'react-router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../app/api/index';
import { createHttpApp } from '../../app/server/http.server';
import { can, type Action, type Scope } from '../../src/auth/policy';
import { createSession } from '../../src/auth/sessions.server';
import { auditLog } from '../../src/db/schema/audit';
import { createCouncil } from '../../src/council/council.server';
import { createMeeting } from '../../src/council/meetings.server';
import { campaignOrganisations, campaigns } from '../../src/db/schema/registry';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { silentLogger, testConfig } from '../helpers/app';
import { loadBuild } from '../helpers/build';
import { personas, seedPeople, seedWorld, type Persona, type World } from './fixtures';
import { browser } from './http-helpers';

type Who = Persona | 'anonymous';
type Fixture = World & { campaignId: string; councilId: string; meetingId: string };
/** Allowed when the policy grants any of the actions in the scope. */
type Gate = { action: Action | readonly Action[]; scope?: (f: Fixture) => Scope };

type Entry =
  | {
      access: 'public';
      path: (f: Fixture) => string;
      /** Status of a GET when it is not simply 200 for everybody. */
      get?: (who: Who) => number;
      /** Status of a POST with the probe fields and a valid CSRF token; absent: the route takes no posts (405). */
      post?: { expect: (who: Who) => number; fields?: (f: Fixture) => Record<string, string> };
      /** The post ends the session it is sent with: send it with a throw-away session. */
      freshSession?: boolean;
    }
  | {
      access: 'guarded';
      path: (f: Fixture) => string;
      get: Gate;
      /** Status of an allowed GET when not 200 (e.g. 404 for a probe id that does not exist). */
      allowedStatus?: number;
      /** The route has an action, guarded by this gate; the fields are a harmless, invalid submission. */
      post?: Gate & { fields?: (f: Fixture) => Record<string, string> };
      /** The same page for an organisation of another municipality: refused to everyone scoped to the town. */
      otherOrganisationPath?: (f: Fixture) => string;
    };

const FAKE_TOKEN = 'x'.repeat(43);
const FAKE_ID = '00000000-0000-4000-8000-000000000000';
const town = (f: Fixture): Scope => ({ territoryIds: [f.town.id, f.region.id] });
const school = (f: Fixture): Scope => ({ organisationId: f.school.id, territoryIds: [f.town.id, f.region.id] });

/** React Router pages, by route id (the route file without extension). */
const pages: Record<string, Entry> = {
  'routes/public/home': { access: 'public', path: () => '/' },
  'routes/public/accessibility': { access: 'public', path: () => '/accessibility' },
  'routes/auth/login': {
    access: 'public',
    path: () => '/login',
    // Someone already signed in is sent on instead of being shown the form again.
    get: (who) => (who === 'anonymous' ? 200 : 302),
    post: { expect: (who) => (who === 'anonymous' ? 401 : 302) },
  },
  'routes/auth/logout': {
    access: 'public',
    path: () => '/logout',
    get: () => 302,
    post: { expect: () => 302 },
    freshSession: true,
  },
  'routes/auth/setup': {
    access: 'public',
    path: () => `/setup/${FAKE_TOKEN}`,
    get: () => 410,
    post: { expect: () => 400 },
  },
  'routes/auth/users': {
    access: 'guarded',
    path: () => '/admin/users',
    get: { action: 'admin.users' },
    post: { action: 'admin.users' },
  },
  // An account id that does not exist: 404 for the administrator, 403 for everyone else (no probing of ids).
  'routes/auth/user-edit': {
    access: 'guarded',
    path: () => `/admin/users/${FAKE_ID}`,
    get: { action: 'admin.users' },
    allowedStatus: 404,
    post: { action: 'admin.users', fields: () => ({ name: '', role: '' }) },
  },
  'routes/audit-log/index': { access: 'guarded', path: () => '/admin/audit', get: { action: 'audit.view' } },
  'routes/registry/index': {
    access: 'guarded',
    path: () => '/registry',
    get: { action: 'registry.view' },
    // Creating a municipality in the region (with an empty name, so an allowed post changes nothing).
    post: {
      action: 'registry.edit',
      scope: (f) => ({ territoryIds: [f.region.id] }),
      fields: (f) => ({ intent: 'municipality', parentId: f.region.id, name: '' }),
    },
  },
  'routes/registry/template': {
    access: 'guarded',
    path: () => '/registry/template/csv',
    get: { action: 'registry.view' },
  },
  'routes/registry/territory': {
    access: 'guarded',
    path: (f) => `/registry/${f.town.id}`,
    get: { action: 'registry.view', scope: town },
    post: { action: 'registry.edit', scope: town },
  },
  'routes/registry/export': {
    access: 'guarded',
    path: (f) => `/registry/${f.town.id}/export/csv`,
    get: { action: 'registry.view', scope: town },
  },
  'routes/registry/org': {
    access: 'guarded',
    path: (f) => `/registry/org/${f.school.id}`,
    get: { action: 'registry.view', scope: school },
    post: { action: 'registry.edit', scope: school, fields: () => ({ fullName: '', shortName: '', inn: '' }) },
    otherOrganisationPath: (f) => `/registry/org/${f.otherSchool.id}`,
  },
  'routes/campaigns/index': { access: 'guarded', path: () => '/campaigns', get: { action: 'campaign.view' } },
  // clock: the production calendar; a post without a file is refused and loads nothing.
  'routes/calendar/admin': {
    access: 'guarded',
    path: () => '/admin/calendar',
    get: { action: 'calendar.manage' },
    post: { action: 'calendar.manage' },
  },
  'routes/campaigns/new': {
    access: 'guarded',
    path: () => '/campaigns/new',
    get: { action: 'campaign.edit' },
    post: { action: 'campaign.edit', scope: town, fields: (f) => ({ territoryId: f.town.id, title: '', year: 'x' }) },
  },
  'routes/campaigns/detail': {
    access: 'guarded',
    path: (f) => `/campaigns/${f.campaignId}`,
    get: { action: 'campaign.view', scope: town },
    post: { action: 'campaign.edit', scope: town },
  },
  'routes/start/dashboard': { access: 'guarded', path: () => '/dashboard', get: { action: 'start.view' } },
  'routes/site-audit/campaign': {
    access: 'guarded',
    path: (f) => `/campaigns/${f.campaignId}/site-audit`,
    get: { action: 'siteAudit.view', scope: town },
    // An allowed post queues a run (302); the next allowed persona is told one is already running (409).
    post: { action: 'siteAudit.run', scope: town },
  },
  'routes/site-audit/summary': {
    access: 'guarded',
    path: (f) => `/campaigns/${f.campaignId}/site-audit/summary`,
    get: { action: 'siteAudit.view', scope: town },
  },
  'routes/site-audit/print': {
    access: 'guarded',
    path: () => `/site-audit/result/${FAKE_ID}/print`,
    get: { action: 'siteAudit.view', scope: () => ({ territoryIds: [FAKE_ID] }) },
    allowedStatus: 404,
  },
  // A result id that does not exist: 404 for the administrator, 403 for everyone else (no probing of ids).
  'routes/site-audit/result': {
    access: 'guarded',
    path: () => `/site-audit/result/${FAKE_ID}`,
    get: { action: 'siteAudit.view', scope: () => ({ territoryIds: [FAKE_ID] }) },
    allowedStatus: 404,
  },
  'routes/public/campaign': { access: 'public', path: (f) => `/c/${f.campaignId}` },
  'routes/checklists/index': {
    access: 'guarded',
    path: (f) => `/campaigns/${f.campaignId}/org/${f.school.id}/checklists`,
    get: { action: 'campaign.view', scope: school },
    otherOrganisationPath: (f) => `/campaigns/${f.campaignId}/org/${f.otherSchool.id}/checklists`,
  },
  'routes/checklists/sheet': {
    access: 'guarded',
    path: (f) => `/campaigns/${f.campaignId}/org/${f.school.id}/checklists/1.1-site`,
    get: { action: 'campaign.view', scope: school },
    post: { action: 'checklist.edit', scope: school },
    otherOrganisationPath: (f) => `/campaigns/${f.campaignId}/org/${f.otherSchool.id}/checklists/1.1-site`,
  },
  'routes/checklists/photo': {
    access: 'guarded',
    path: (f) => `/campaigns/${f.campaignId}/org/${f.school.id}/checklists/photos/${'a'.repeat(64)}`,
    get: { action: 'campaign.view', scope: school },
    allowedStatus: 404,
  },
  'routes/public/campaign-document': {
    access: 'public',
    path: (f) => `/c/${f.campaignId}/document/${FAKE_ID}`,
    get: () => 404,
  },
  'routes/results/index': { access: 'guarded', path: () => '/results', get: { action: 'results.compute' } },
  'routes/results/campaign': {
    access: 'guarded',
    path: (f) => `/results/${f.campaignId}`,
    get: { action: 'results.compute', scope: town },
    // No intent: an allowed post answers «unknown action» and changes nothing.
    post: { action: 'results.compute', scope: town, fields: () => ({ intent: '' }) },
  },
  'routes/survey/index': { access: 'guarded', path: () => '/survey', get: { action: 'survey.monitor' } },
  'routes/survey/own': {
    access: 'guarded',
    path: () => '/my/survey',
    get: { action: 'survey.ownCount', scope: school },
  },
  'routes/survey/dashboard': {
    access: 'guarded',
    path: (f) => `/campaigns/${f.campaignId}/survey`,
    get: { action: 'survey.monitor', scope: town },
    // Closed mode and access-code packs; the probe's unknown intent changes nothing.
    post: { action: 'survey.paperEntry', scope: town },
  },
  'routes/survey/paper': {
    access: 'guarded',
    path: (f) => `/campaigns/${f.campaignId}/survey/paper`,
    get: { action: 'survey.paperEntry', scope: town },
    post: { action: 'survey.paperEntry', scope: town },
  },
  'routes/survey/quarantine': {
    access: 'guarded',
    path: (f) => `/campaigns/${f.campaignId}/survey/quarantine`,
    get: { action: 'survey.quarantine', scope: town },
    post: { action: 'survey.quarantine', scope: town },
  },
  // council room
  'routes/council/index': {
    access: 'guarded',
    path: () => '/council',
    get: { action: 'council.view' },
    post: { action: 'council.manage' },
  },
  'routes/council/council': {
    access: 'guarded',
    path: (f) => `/council/${f.councilId}`,
    get: { action: 'council.view', scope: town },
    post: { action: 'council.manage', scope: town },
  },
  'routes/council/member': {
    access: 'guarded',
    path: (f) => `/council/${f.councilId}/members/${FAKE_ID}`,
    get: { action: 'council.manage', scope: town },
    allowedStatus: 404,
    post: { action: 'council.manage', scope: town },
  },
  'routes/council/meeting': {
    access: 'guarded',
    path: (f) => `/council/${f.councilId}/meetings/${f.meetingId}`,
    get: { action: 'council.view', scope: town },
    post: { action: 'council.record', scope: town },
  },
  'routes/council/protocol': {
    access: 'guarded',
    path: (f) => `/council/${f.councilId}/meetings/${f.meetingId}/protocol`,
    get: { action: 'council.view', scope: town },
  },
  'routes/council/scan': {
    access: 'guarded',
    path: (f) => `/council/${f.councilId}/meetings/${f.meetingId}/scan`,
    get: { action: 'council.view', scope: town },
    allowedStatus: 404,
  },
  'routes/council/decision': {
    access: 'guarded',
    path: (f) => `/council/${f.councilId}/decisions/${FAKE_ID}`,
    get: { action: 'council.view', scope: town },
    allowedStatus: 404,
  },
  'routes/council/campaign': {
    access: 'guarded',
    path: (f) => `/council/${f.councilId}/campaigns/${f.campaignId}`,
    get: { action: 'council.view', scope: town },
    post: { action: 'council.record', scope: town },
  },
  'routes/council/public-index': { access: 'public', path: () => '/sovet' },
  'routes/council/public': { access: 'public', path: (f) => `/sovet/${f.councilId}` },
  // Not published yet: nobody sees the protocol or its scan.
  'routes/council/public-protocol': {
    access: 'public',
    path: (f) => `/sovet/${f.councilId}/protokol/${f.meetingId}`,
    get: () => 404,
  },
  'routes/council/public-scan': {
    access: 'public',
    path: (f) => `/sovet/${f.councilId}/protokol/${f.meetingId}/skan`,
    get: () => 404,
  },
  'routes/survey/suggestions': {
    access: 'guarded',
    path: (f) => `/campaigns/${f.campaignId}/survey/suggestions`,
    get: { action: 'survey.moderate', scope: town },
    post: { action: 'survey.moderate', scope: town },
  },
  // Citizens' voice (docs/voice.md)
  'routes/voice/index': { access: 'guarded', path: () => '/voice', get: { action: 'voice.view', scope: school } },
  'routes/voice/territory': {
    access: 'guarded',
    path: (f) => `/voice/t/${f.town.id}`,
    get: { action: 'voice.view', scope: town },
    // Settings with an empty moderator: an allowed post is refused with 400 and changes nothing.
    post: { action: 'voice.settings', scope: town, fields: () => ({ moderator: '' }) },
  },
  'routes/voice/moderation': {
    access: 'guarded',
    path: (f) => `/voice/t/${f.town.id}/moderation`,
    get: { action: 'voice.moderate', scope: town },
    post: { action: 'voice.moderate', scope: town },
  },
  'routes/voice/organisation': {
    access: 'guarded',
    path: (f) => `/voice/org/${f.school.id}`,
    get: { action: 'voice.view', scope: school },
    post: { action: 'voice.reply', scope: school },
    otherOrganisationPath: (f) => `/voice/org/${f.otherSchool.id}`,
  },
  // plans room. Dashboard: an allowed probe post answers «unknown action» (400) and changes nothing.
  // The organisation's representative sees its own organisation's plans there.
  'routes/plans/index': {
    access: 'guarded',
    path: () => '/plans',
    get: { action: 'plans.view', scope: school },
    post: { action: 'plans.approve' },
  },
  // A plan id that does not exist: 404 for the administrator, 403 for everyone else (no probing of ids);
  // scoped access to real plans is tested in test/plans/http.test.ts.
  'routes/plans/plan': {
    access: 'guarded',
    path: () => `/plans/${FAKE_ID}`,
    get: { action: 'plans.view', scope: () => ({ territoryIds: [FAKE_ID] }) },
    allowedStatus: 404,
    post: { action: ['plans.edit', 'plans.approve', 'plans.verify'], scope: () => ({ territoryIds: [FAKE_ID] }) },
  },
  'routes/plans/evidence': {
    access: 'guarded',
    path: () => `/plans/${FAKE_ID}/evidence/1`,
    get: { action: 'plans.view', scope: () => ({ territoryIds: [FAKE_ID] }) },
    allowedStatus: 404,
  },
  // One resource route for docs2's documents; each kind has its own action (app/routes/downloads/document.tsx),
  // the deadlines sheet is the one every campaign can build. Other kinds: test/documents/downloads.test.ts.
  'routes/downloads/document': {
    access: 'guarded',
    path: (f) => `/downloads/${f.campaignId}/deadlines/xlsx`,
    get: { action: 'campaign.view', scope: town },
    // The action queues the long kinds as jobs (decision 0067); the deadlines sheet is downloaded by its link,
    // so an allowed post is answered 405 «скачивается по ссылке», a refused one 302/403 as everywhere.
    post: { action: 'campaign.view', scope: town },
  },
  // documents room. The probe post has no format: 400 «Выберите формат файла», nothing queued.
  'routes/documents/campaign': {
    access: 'guarded',
    path: (f) => `/documents/campaigns/${f.campaignId}`,
    get: { action: 'documents.build', scope: town },
    post: { action: 'documents.build', scope: town, fields: () => ({ kind: 'analytical', format: '' }) },
  },
  // A job id that does not exist: 404 for the administrator, 403 for everyone else.
  'routes/documents/job': {
    access: 'guarded',
    path: () => `/documents/jobs/${FAKE_ID}`,
    get: { action: 'documents.build', scope: () => ({ territoryIds: [FAKE_ID] }) },
    allowedStatus: 404,
  },
  'routes/documents/file': {
    access: 'guarded',
    path: () => `/documents/jobs/${FAKE_ID}/file`,
    get: { action: 'documents.build', scope: () => ({ territoryIds: [FAKE_ID] }) },
    allowedStatus: 404,
  },
};

/** Hono handlers outside the API (hot public paths), as "METHOD /path". */
const honoPages: Record<string, 'public'> = {
  'GET /healthz': 'public',
  'GET /q/:code': 'public',
  'GET /q/:code/spasibo': 'public',
  'POST /q/:code': 'public',
  // Published results and open data: public by law (art. 95.2 of 273-ФЗ).
  'GET /rezultaty': 'public',
  'GET /rezultaty/kontrast': 'public',
  'GET /rezultaty/:campaignId': 'public',
  'GET /rezultaty/:campaignId/versii': 'public',
  'GET /rezultaty/:campaignId/o/:orgId': 'public',
  'GET /rezultaty/:campaignId/o/:orgId/kak/:id': 'public',
  'GET /rezultaty/:campaignId/rezultaty.xlsx': 'public',
  'GET /rezultaty/:campaignId/otkrytye-dannye.csv': 'public',
  'GET /rezultaty/:campaignId/otkrytye-dannye.json': 'public',
  'GET /rezultaty/:campaignId/otkrytye-dannye-excel.csv': 'public',
  // Citizens' voice: public by design (a permanent way for citizens to give their opinion).
  'GET /golos': 'public',
  'GET /golos/pravila': 'public',
  'GET /golos/t/:territoryId': 'public',
  'GET /golos/t/:territoryId/vstavka': 'public',
  'GET /golos/t/:territoryId/:file{otzyvy\\.csv|otzyvy\\.json}': 'public',
  'GET /golos/o/:orgId': 'public',
  'GET /golos/:code': 'public',
  'GET /golos/:code/vstavka': 'public',
  'POST /golos/:code': 'public',
  'POST /golos/:code/vstavka': 'public',
  'GET /golos/:code/spasibo': 'public',
  'GET /golos/:code/vstavka/spasibo': 'public',
  'GET /golos/:code/otzyv': 'public',
  'POST /golos/:code/otzyv': 'public',
  'GET /golos/:code/otzyv/prinyat': 'public',
  'GET /golos/:code/:file{qr\\.svg|qr\\.png|plakat\\.pdf}': 'public',
  // Approved plans, their published photos, open data and citizens' «Устранено?» answers: public.
  'GET /plany/foto/:id': 'public',
  'GET /plany/kampaniya/:campaignId/otkrytye-dannye.csv': 'public',
  'GET /plany/kampaniya/:campaignId/otkrytye-dannye.json': 'public',
  'GET /plany/:planId': 'public',
  'POST /plany/:planId/ustraneno': 'public',
};

type ApiEntry = { access: 'public' } | { access: 'guarded'; gate: Gate; sample?: (f: Fixture) => string };
const survey = (f: Fixture) => `/api/survey/campaigns/${f.campaignId}`;
/** JSON API operations, as "METHOD /path" in Hono's notation (without the /api prefix). */
const api: Record<string, ApiEntry> = {
  'GET /openapi.json': { access: 'public' },
  'GET /results/campaigns': { access: 'public' },
  'GET /results/campaigns/:campaignId': { access: 'public' },
  'GET /results/campaigns/:campaignId/organisations/:organisationId': { access: 'public' },
  'GET /council/councils': { access: 'public' },
  'GET /council/councils/:councilId/decisions': { access: 'public' },
  'GET /council/councils/:councilId/decisions.csv': { access: 'public' },
  'GET /council/campaigns/:campaignId/proposals': { access: 'public' },
  'GET /council/campaigns/:campaignId/proposals.csv': { access: 'public' },
  'GET /plans/campaigns/:campaignId': { access: 'public' },
  'GET /plans/:planId': { access: 'public' },
  'GET /survey/campaigns/:campaignId/tallies': { access: 'guarded', gate: { action: 'survey.monitor', scope: town } },
  'GET /survey/campaigns/:campaignId/dashboard': { access: 'guarded', gate: { action: 'survey.monitor', scope: town } },
  'GET /survey/campaigns/:campaignId/organisations/:organisationId/count': {
    access: 'guarded',
    gate: { action: ['survey.ownCount', 'survey.monitor'], scope: school },
  },
  'POST /survey/campaigns/:campaignId/responses': {
    access: 'guarded',
    gate: { action: 'survey.paperEntry', scope: town },
  },
  'POST /survey/campaigns/:campaignId/quarantine': {
    access: 'guarded',
    gate: { action: 'survey.quarantine', scope: town },
  },
  'POST /survey/campaigns/:campaignId/suggestions/:id': {
    access: 'guarded',
    gate: { action: 'survey.moderate', scope: town },
    sample: (f) => `${survey(f)}/suggestions/${FAKE_ID}`,
  },
  'POST /survey/campaigns/:campaignId/organisations/:organisationId/access-codes': {
    access: 'guarded',
    gate: { action: 'survey.paperEntry', scope: town },
    sample: (f) => `${survey(f)}/organisations/${f.school.id}/access-codes`,
  },
  'GET /survey/campaigns/:campaignId/organisations/:organisationId/:file{qr\\.svg|qr\\.png|poster\\.pdf}': {
    access: 'guarded',
    gate: { action: ['survey.monitor', 'survey.ownCount'], scope: school },
    sample: (f) => `${survey(f)}/organisations/${f.school.id}/qr.svg`,
  },
  'GET /survey/campaigns/:campaignId/posters.zip': {
    access: 'guarded',
    gate: { action: 'survey.monitor', scope: town },
  },
  'GET /survey/campaigns/:campaignId/:file{responses\\.csv|responses\\.xlsx}': {
    access: 'guarded',
    gate: { action: 'survey.export', scope: town },
    sample: (f) => `${survey(f)}/responses.csv`,
  },
};

function allowed(gate: Gate, user: Parameters<typeof can>[0], f: Fixture): boolean {
  const list: readonly Action[] = typeof gate.action === 'string' ? [gate.action] : gate.action;
  return list.some((a) => can(user, a, gate.scope?.(f) ?? {}));
}

describe(`role × route matrix (${testEngine})`, () => {
  let t: TestDatabase;
  let f: Fixture;
  let built: { build: ServerBuild; clientDir: string };
  let people: Awaited<ReturnType<typeof seedPeople>>['people'];
  const config = testConfig();
  let client: ReturnType<typeof browser>;
  let app: ReturnType<typeof createHttpApp>;

  beforeAll(async () => {
    built = await loadBuild();
    t = await createTestDb();
    const world = await seedWorld(t.db);
    const [campaign] = await t.db
      .insert(campaigns)
      .values({
        territoryId: world.town.id,
        year: 2025,
        title: 'Оценка 2025',
        methodologyId: 'edu-2019',
        policies: {},
        councilDecisionNumber: '1',
        councilDecisionDate: '2025-02-10',
      })
      .returning();
    const council = await createCouncil(
      t.db,
      world.town.id,
      {
        name: 'Совет города А',
        quorumRule: 'more_than_half',
        tieRule: 'fails',
        absenteeVoting: false,
        proposalThreshold: 90,
      },
      { id: null, name: 'тест' },
    );
    const meeting = await createMeeting(
      t.db,
      council.id,
      { heldOn: '2025-03-01', place: '', format: 'in_person', presidingMemberId: null, secretaryMemberId: null },
      { id: null, name: 'тест' },
    );
    f = { ...world, campaignId: campaign!.id, councilId: council.id, meetingId: meeting.id };
    await t.db.insert(campaignOrganisations).values([
      { campaignId: campaign!.id, organisationId: world.school.id },
      { campaignId: campaign!.id, organisationId: world.otherSchool.id },
    ]);
    ({ people } = await seedPeople(t.db, world));
    app = createHttpApp({ db: t.db, config, logger: silentLogger, ...built });
    client = browser(app, config);
  }, 120_000);
  afterAll(async () => t?.close());

  const auditCount = async () => (await t.db.select({ n: count() }).from(auditLog))[0]?.n ?? 0;
  const everyone: Who[] = ['anonymous', ...personas];
  const cookieOf = (who: Who) => (who === 'anonymous' ? undefined : people[who].cookie);
  const userOf = (who: Who) => (who === 'anonymous' ? null : people[who].user);

  describe('classification', () => {
    it('every page in app/routes.ts is public or guarded by a policy action', () => {
      const ids = Object.keys(built.build.routes).filter((id) => id !== 'root');
      const missing = ids.filter((id) => !(id in pages));
      expect(missing, `classify these routes in test/auth/route-matrix.test.ts: ${missing.join(', ')}`).toEqual([]);
      expect(
        Object.keys(pages).filter((id) => !ids.includes(id)),
        'entries for routes that no longer exist',
      ).toEqual([]);
    });

    it('every Hono page handler is classified', () => {
      const handlers = [
        ...new Set(
          app.routes
            .filter((r) => r.method !== 'ALL' && !r.path.startsWith('/api'))
            .map((r) => `${r.method} ${r.path}`),
        ),
      ];
      const missing = handlers.filter((h) => !(h in honoPages));
      expect(missing, `classify these handlers in test/auth/route-matrix.test.ts: ${missing.join(', ')}`).toEqual([]);
    });

    it('every JSON API operation is classified', () => {
      const operations = [
        ...new Set(
          createApi({ db: t.db, config, logger: silentLogger })
            .routes.filter((r) => r.method !== 'ALL')
            .map((r) => `${r.method} ${r.path}`),
        ),
      ];
      const missing = operations.filter((op) => !(op in api));
      expect(missing, `classify these API operations in test/auth/route-matrix.test.ts: ${missing.join(', ')}`).toEqual(
        [],
      );
      expect(
        Object.keys(api).filter((op) => !operations.includes(op)),
        'entries for operations that no longer exist',
      ).toEqual([]);
    });
  });

  for (const [id, entry] of Object.entries(pages)) {
    describe(id, () => {
      for (const who of everyone) {
        it(`GET as ${who}`, async () => {
          const path = entry.path(f);
          const res = await client.get(path, cookieOf(who));
          let expected: number;
          if (entry.access === 'public') expected = entry.get?.(who) ?? 200;
          else
            expected =
              who === 'anonymous' ? 302 : allowed(entry.get, userOf(who), f) ? (entry.allowedStatus ?? 200) : 403;
          expect(res.status, `${who} GET ${path}`).toBe(expected);
          if (entry.access === 'guarded' && who === 'anonymous')
            expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
          if (expected === 403) expect(await res.text()).toContain('Недостаточно прав');
        });

        it(`POST as ${who}`, async () => {
          const path = entry.path(f);
          const before = await auditCount();
          let cookie = cookieOf(who);
          if (entry.access === 'public' && entry.freshSession && who !== 'anonymous') {
            cookie = `noko_session=${(await createSession(t.db, people[who].user.id)).token}`;
          }
          const fields = { intent: 'matrix-probe', ...(entry.post?.fields?.(f) ?? {}) };
          const res = await client.post(path, fields, cookie);
          if (!entry.post) {
            expect(res.status, `${who} POST ${path}`).toBe(405);
          } else if (entry.access === 'public') {
            expect(res.status, `${who} POST ${path}`).toBe(entry.post.expect(who));
          } else if (who !== 'anonymous' && allowed(entry.post, userOf(who), f)) {
            expect(res.status, `${who} POST ${path}`).not.toBe(403);
            expect(res.status, `${who} POST ${path}`).toBeLessThan(500);
          } else {
            expect(res.status, `${who} POST ${path}`).toBe(who === 'anonymous' ? 302 : 403);
            expect(await auditCount(), 'a refused post must change nothing').toBe(before);
          }
        });
      }

      if (entry.access === 'guarded' && entry.otherOrganisationPath) {
        it("another organisation's id in the URL: 403 for the town's people, and nothing changes", async () => {
          const path = entry.otherOrganisationPath!(f);
          const before = await auditCount();
          for (const who of ['organisation', 'authority', 'chair', 'member', 'operator'] as const) {
            expect((await client.get(path, people[who].cookie)).status, `${who} GET ${path}`).toBe(403);
            if (entry.post) {
              const res = await client.post(
                path,
                { ...(entry.post.fields?.(f) ?? {}), fullName: 'Захвачено', shortName: 'Захвачено' },
                people[who].cookie,
              );
              expect(res.status, `${who} POST ${path}`).toBe(403);
            }
          }
          expect(await auditCount()).toBe(before);
          // The administrator is not limited to a territory.
          expect((await client.get(path, people.admin.cookie)).status).toBe(200);
        });
      }
    });
  }

  describe('JSON API', () => {
    for (const [op, entry] of Object.entries(api)) {
      if (entry.access === 'public') continue;
      it(`${op}: every persona as the policy says`, async () => {
        const [method, template] = op.split(' ') as [string, string];
        const path =
          entry.sample?.(f) ??
          '/api' + template.replace(':campaignId', f.campaignId).replace(':organisationId', f.school.id);
        for (const who of everyone) {
          const before = await auditCount();
          const res =
            method === 'GET' ? await client.get(path, cookieOf(who)) : await client.postJson(path, {}, cookieOf(who));
          // The probe body is empty: an operation that validates its body before checking permissions
          // refuses it with 400, which is still a refusal that changes nothing.
          const refusals = method === 'GET' ? [] : [400];
          if (who === 'anonymous') expect([401, ...refusals], `${who} ${method} ${path}`).toContain(res.status);
          else if (allowed(entry.gate, userOf(who), f)) expect(res.status, `${who} ${method} ${path}`).not.toBe(403);
          else expect([403, ...refusals], `${who} ${method} ${path}`).toContain(res.status);
          if (who === 'anonymous' || !allowed(entry.gate, userOf(who), f)) expect(await auditCount()).toBe(before);
        }
      });
    }

    it("an organisation representative asking for another organisation's count gets 403", async () => {
      const own = await client.get(`${survey(f)}/organisations/${f.school.id}/count`, people.organisation.cookie);
      expect(own.status).toBe(200);
      const other = await client.get(
        `${survey(f)}/organisations/${f.otherSchool.id}/count`,
        people.organisation.cookie,
      );
      expect(other.status).toBe(403);
      const qr = await client.get(`${survey(f)}/organisations/${f.otherSchool.id}/qr.svg`, people.organisation.cookie);
      expect(qr.status).toBe(403);
    });
  });
});
