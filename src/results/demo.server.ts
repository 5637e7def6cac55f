// Demo results (npm run demo): the past campaign scored from its collected data, approved by the council's
// results decision (the council room's meeting, passed in as `approve`) and published by the authority,
// through the same functions the pages use.
import type { SessionUser } from '../auth/policy';
import type { Db } from '../db/index.server';
import { computeDraft, publishVersion } from './versions.server';

export type DemoPeople = { operator: SessionUser; chair: SessionUser; authority: SessionUser };

export async function seedDemoResults(
  db: Db,
  campaignId: string,
  people: DemoPeople,
  dates: { computed: string; published: string },
  approve: (draft: { id: string; contentHash: string }) => Promise<void>,
): Promise<string> {
  const at = (d: string) => new Date(`${d}T09:00:00Z`);
  const draft = await computeDraft(db, campaignId, people.operator, { now: at(dates.computed) });
  await approve(draft);
  // The demo's past campaign is complete except for a few small samples, which the council saw and accepted.
  await publishVersion(db, draft.id, people.authority, at(dates.published), { confirmGaps: true });
  return draft.id;
}
