import { describe, expect, it } from 'vitest';
import { actions, assertCan, can, ForbiddenError, type Action, type SessionUser } from '../../src/auth/policy';

const REGION = 'r';
const TOWN = 't';
const OTHER_TOWN = 'o';

function user(role: SessionUser['role'], extra: Partial<SessionUser> = {}): SessionUser {
  return {
    id: role,
    name: role,
    email: `${role}@example.ru`,
    role,
    councilPosition: null,
    territoryId: null,
    organisationId: null,
    ...extra,
  };
}

const people = {
  admin: user('admin'),
  authority: user('authority', { territoryId: TOWN }),
  chair: user('council', { territoryId: TOWN, councilPosition: 'chair' }),
  secretary: user('council', { territoryId: TOWN, councilPosition: 'secretary' }),
  member: user('council', { territoryId: TOWN, councilPosition: 'member' }),
  operator: user('operator', { territoryId: TOWN }),
  organisation: user('organisation', { organisationId: 'org-1' }),
};
type Person = keyof typeof people;

// Written out by hand from workflow.md, independently of the grants table: a change to the policy has to
// change this table too. A = admin, U = authority, C = chair, S = secretary, M = council member,
// O = operator, G = organisation.
const expected: Record<Action, string> = {
  'admin.users': 'A',
  'audit.view': 'ACSM',
  'registry.view': 'AUCSMO',
  'registry.edit': 'AU',
  'campaign.view': 'AUCSMO',
  'campaign.edit': 'AU',
  'campaign.decide': 'CS',
  'survey.monitor': 'AUCSMO',
  'survey.ownCount': 'G',
  'survey.paperEntry': 'O',
  'survey.moderate': 'CSMO',
  'survey.quarantine': 'CSM',
  'survey.export': 'ACSMO',
  'siteAudit.run': 'AO',
  'siteAudit.view': 'AUCSMOG',
  'checklist.edit': 'O',
  'results.view': 'AUCSMOG',
  'results.compute': 'AUCSMO',
  'results.approve': 'CS',
  'results.publish': 'AU',
  'calendar.manage': 'A',
  'campaign.repeat': 'A',
  'campaign.delete': 'AU',
  'council.view': 'AUCSM',
  'council.manage': 'AUCS',
  'council.record': 'ACS',
  'authority.measures': 'AU',
  'start.view': 'AUCSMOG',
  // Citizens' voice (docs/voice.md)
  'voice.view': 'AUCSMG',
  'voice.settings': 'AU',
  'voice.moderate': 'AU',
  'voice.moderateOwn': 'G',
  'voice.reply': 'G',
  // plans: the organisation drafts and reports, the authority approves, authority or operator verifies.
  'plans.view': 'AUCSMOG',
  'plans.edit': 'AG',
  'plans.approve': 'AU',
  'plans.verify': 'AUO',
  'documents.build': 'AUCSMO',
};
const letter: Record<Person, string> = {
  admin: 'A',
  authority: 'U',
  chair: 'C',
  secretary: 'S',
  member: 'M',
  operator: 'O',
  organisation: 'G',
};

describe('policy: role × action', () => {
  it('every action has a row in this test', () => {
    expect(Object.keys(expected).sort()).toEqual([...actions].sort());
  });

  for (const action of actions) {
    for (const person of Object.keys(people) as Person[]) {
      const allowed = (expected[action] ?? '').includes(letter[person]);
      it(`${person} ${allowed ? 'may' : 'may not'} ${action} in their own scope`, () => {
        const scope =
          person === 'organisation'
            ? { organisationId: 'org-1', territoryIds: [TOWN, REGION] }
            : { territoryIds: [TOWN, REGION] };
        expect(can(people[person], action, scope)).toBe(allowed);
      });
    }
  }

  it('anonymous visitors may do nothing', () => {
    for (const action of actions) expect(can(null, action)).toBe(false);
  });
});

describe('policy: scopes', () => {
  it('territory roles act within their territory chain only', () => {
    expect(can(people.authority, 'registry.edit', { territoryIds: [TOWN, REGION] })).toBe(true);
    expect(can(people.authority, 'registry.edit', { territoryIds: [OTHER_TOWN, REGION] })).toBe(false);
    // A region-level official reaches every municipality of the region.
    const regional = user('authority', { territoryId: REGION });
    expect(can(regional, 'registry.edit', { territoryIds: [OTHER_TOWN, REGION] })).toBe(true);
    // A municipal official does not reach the region itself.
    expect(can(people.authority, 'registry.edit', { territoryIds: [REGION] })).toBe(false);
  });

  it('an organisation scope without its territory chain is refused for territory roles', () => {
    expect(can(people.authority, 'registry.view', { organisationId: 'org-1' })).toBe(false);
  });

  it('organisation representatives act on their own organisation only', () => {
    expect(can(people.organisation, 'results.view', { organisationId: 'org-1', territoryIds: [TOWN] })).toBe(true);
    expect(can(people.organisation, 'results.view', { organisationId: 'org-2', territoryIds: [TOWN] })).toBe(false);
    expect(can(people.organisation, 'results.view', { territoryIds: [TOWN] })).toBe(false);
    expect(can(people.organisation, 'results.view')).toBe(false);
    expect(can(user('organisation'), 'results.view', { organisationId: 'org-1' })).toBe(false);
  });

  it('administrators are not limited by scope', () => {
    expect(can(people.admin, 'registry.edit', { territoryIds: [OTHER_TOWN] })).toBe(true);
    expect(can(people.admin, 'results.view', { organisationId: 'org-9' })).toBe(true);
  });

  it('a territory role without a territory reaches no scoped object', () => {
    expect(can(user('authority'), 'registry.edit', { territoryIds: [TOWN] })).toBe(false);
  });

  it('assertCan throws a Russian ForbiddenError', () => {
    expect(() => assertCan(people.operator, 'admin.users')).toThrow(ForbiddenError);
    expect(() => assertCan(people.operator, 'admin.users')).toThrow(/Недостаточно прав/);
    expect(() => assertCan(people.admin, 'admin.users')).not.toThrow();
  });
});
