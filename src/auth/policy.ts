import type { Role } from '../db/schema/auth';

/** The signed-in person as every permission check sees them. */
export type SessionUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  councilPosition: 'chair' | 'secretary' | 'member' | null;
  /** Territory the account is scoped to (authority, council, operator); null for administrators. */
  territoryId: string | null;
  /** Organisation the account is scoped to (organisation representatives). */
  organisationId: string | null;
};

/**
 * Every action the system guards. Routes and actions name one of these; nothing else decides access.
 * Keep the list and the table below in one place: the role × route matrix test walks them.
 */
export const actions = [
  'admin.users',
  'audit.view',
  'registry.view',
  'registry.edit',
  'campaign.view',
  'campaign.edit',
  'campaign.decide',
  'survey.monitor',
  'survey.ownCount',
  'survey.paperEntry',
  'survey.moderate',
  'survey.quarantine',
  'survey.export',
  'siteAudit.run',
  'siteAudit.view',
  'checklist.edit',
  'results.view',
  'results.compute',
  'results.approve',
  'results.publish',
  // clock: production calendar, repeat and deleted campaigns
  'calendar.manage',
  'campaign.repeat',
  'campaign.delete',
  // council room: see docs/council.md
  'council.view',
  'council.manage',
  'council.record',
  'authority.measures',
  // ops: the start page of every signed-in role (its sections check their own actions)
  'start.view',
  // Citizens' voice (issue 16)
  'voice.view',
  'voice.settings',
  'voice.moderate',
  'voice.moderateOwn',
  'voice.reply',
  // plans room: improvement plans and the control of their execution
  'plans.view',
  'plans.edit',
  'plans.approve',
  'plans.verify',
  // documents room: building official documents (analytical report, …) as background jobs
  'documents.build',
] as const;
export type Action = (typeof actions)[number];

/** Where the thing acted upon lives: its territory chain (own and ancestors) and organisation, if any. */
export type Scope = { territoryIds?: readonly string[]; organisationId?: string };

const grants: Record<Action, readonly Role[]> = {
  'admin.users': ['admin'],
  'audit.view': ['admin', 'council'],
  'registry.view': ['admin', 'authority', 'council', 'operator'],
  'registry.edit': ['admin', 'authority'],
  'campaign.view': ['admin', 'authority', 'council', 'operator'],
  'campaign.edit': ['admin', 'authority'],
  'campaign.decide': ['council'],
  'survey.monitor': ['admin', 'authority', 'council', 'operator'],
  'survey.ownCount': ['organisation'],
  'survey.paperEntry': ['operator'],
  'survey.moderate': ['council', 'operator'],
  'survey.quarantine': ['council'],
  'survey.export': ['admin', 'council', 'operator'],
  'siteAudit.run': ['admin', 'operator'],
  'siteAudit.view': ['admin', 'authority', 'council', 'operator', 'organisation'],
  'checklist.edit': ['operator'],
  'results.view': ['admin', 'authority', 'council', 'operator', 'organisation'],
  'results.compute': ['admin', 'authority', 'council', 'operator'],
  'results.approve': ['council'],
  'results.publish': ['admin', 'authority'],
  // Building a document costs a region minutes of CPU: staff of the territory only; the file itself is
  // made from published data.
  'documents.build': ['admin', 'authority', 'council', 'operator'],
  // clock
  'calendar.manage': ['admin'],
  'campaign.repeat': ['admin'],
  'campaign.delete': ['admin', 'authority'],
  // council room: the authority forms the council; its chair and secretary keep the meetings
  'council.view': ['admin', 'authority', 'council'],
  'council.manage': ['admin', 'authority', 'council'],
  'council.record': ['admin', 'council'],
  'authority.measures': ['admin', 'authority'],
  'start.view': ['admin', 'authority', 'council', 'operator', 'organisation'],
  // Citizens' voice: the authority runs it; the organisation replies, and moderates its own reviews only
  // when the territory's setting says so (canModerateReviews below).
  'voice.view': ['admin', 'authority', 'council', 'organisation'],
  'voice.settings': ['admin', 'authority'],
  'voice.moderate': ['admin', 'authority'],
  'voice.moderateOwn': ['organisation'],
  'voice.reply': ['organisation'],
  // plans room: the organisation drafts and carries out; the authority agrees, approves and controls;
  // the authority or the operator's expert verifies evidence (the council reviews, never verifies).
  'plans.view': ['admin', 'authority', 'council', 'operator', 'organisation'],
  'plans.edit': ['admin', 'organisation'],
  'plans.approve': ['admin', 'authority'],
  'plans.verify': ['admin', 'authority', 'operator'],
};

/** Council decisions are taken by the chair or the secretary on the council's behalf. */
const councilOfficersOnly: ReadonlySet<Action> = new Set([
  'campaign.decide',
  'results.approve',
  'council.manage',
  'council.record',
]);

/** Pages about the person's own work, in no territory's or organisation's scope (the start page). */
const ownWork: ReadonlySet<Action> = new Set(['start.view']);

export function can(user: SessionUser | null, action: Action, scope: Scope = {}): boolean {
  if (!user) return false;
  if (!grants[action].includes(user.role)) return false;
  if (user.role === 'council' && councilOfficersOnly.has(action) && user.councilPosition === 'member') return false;
  if (user.role === 'admin' || ownWork.has(action)) return true;
  if (user.role === 'organisation') {
    // An organisation's representative acts only on their own organisation, never on a territory.
    return !!user.organisationId && scope.organisationId === user.organisationId;
  }
  if (!scope.territoryIds && !scope.organisationId) return true;
  return !!user.territoryId && (scope.territoryIds ?? []).includes(user.territoryId);
}

/**
 * Acting on one organisation inside a campaign (access codes, closed mode): allowed on the campaign's
 * scope, and only for an organisation on the campaign's list (`organisation` null: no such id, or not in
 * this campaign). The survey page and the API both ask this one question.
 */
export function canActOnCampaignOrganisation(
  user: SessionUser | null,
  action: Action,
  campaign: Scope,
  organisation: { id: string; inCampaign: boolean } | null,
): boolean {
  return !!organisation?.inCampaign && can(user, action, { ...campaign, organisationId: organisation.id });
}

export class ForbiddenError extends Error {
  constructor() {
    super('Недостаточно прав для этого действия.');
  }
}

export function assertCan(user: SessionUser | null, action: Action, scope: Scope = {}): void {
  if (!can(user, action, scope)) throw new ForbiddenError();
}

/**
 * Reviews of an organisation are moderated by the authority (always, it oversees the territory) and by the
 * organisation itself when the territory's voice setting `moderator` is 'organisation'.
 */
export function canModerateReviews(
  user: SessionUser | null,
  scope: Scope,
  moderator: 'authority' | 'organisation',
): boolean {
  return can(user, 'voice.moderate', scope) || (moderator === 'organisation' && can(user, 'voice.moderateOwn', scope));
}
