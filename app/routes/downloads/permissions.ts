// Who may download which kind (permissions themselves live in src/auth/policy.ts). The documents pages
// ask the same: building a kind there needs `documents.build` and, where it has one, the kind's own.
import type { Action } from '../../../src/auth/policy';

export const actionOf: Partial<Record<string, Action>> = {
  protocol: 'council.view',
  decision: 'council.view',
  tor: 'council.view',
  list: 'council.view',
  order: 'authority.measures',
  plan: 'plans.view',
  plans: 'plans.view',
  deadlines: 'campaign.view',
  busgov: 'results.publish',
};

/** The permission a kind needs besides `documents.build` on the documents pages, or null. */
export function kindAction(kind: string): Action | null {
  return actionOf[kind] ?? null;
}
