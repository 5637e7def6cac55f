// Additional criteria set by the council for a campaign (decision 0074). The official score is fixed by the
// methodology and never includes them: the campaign takes them as a list the operator reports on
// separately, shown with the decision that set them on the campaign's pages and at the results vote.
import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Tx } from '../db/index.server';
import { councilDecisions, councilMeetings } from '../db/schema/council';
import { isUuid } from './errors';

export type CampaignCriteria = {
  decisionId: string;
  councilId: string | null;
  meetingId: string | null;
  number: string;
  decidedOn: string;
  /** The meeting's protocol is published: the public pages show the criteria only then. */
  published: boolean;
  criteria: string[];
};

/**
 * The campaign's additional criteria: those of its latest criteria decision (a later decision replaces
 * the set). A decision whose list is empty («не устанавливать») counts too — it says there are none.
 */
export async function campaignCriteria(
  db: Tx,
  campaignId: string,
  opts: { publishedOnly?: boolean } = {},
): Promise<CampaignCriteria | null> {
  if (!isUuid(campaignId)) return null;
  const [row] = await db
    .select({ d: councilDecisions, publishedAt: councilMeetings.publishedAt })
    .from(councilDecisions)
    .leftJoin(councilMeetings, eq(councilMeetings.id, councilDecisions.meetingId))
    .where(
      and(
        eq(councilDecisions.campaignId, campaignId),
        eq(councilDecisions.kind, 'criteria'),
        opts.publishedOnly ? isNotNull(councilMeetings.publishedAt) : undefined,
      ),
    )
    .orderBy(desc(councilDecisions.decidedOn), desc(councilDecisions.createdAt))
    .limit(1);
  if (!row) return null;
  const points = row.d.payload.points;
  return {
    decisionId: row.d.id,
    councilId: row.d.councilId,
    meetingId: row.d.meetingId,
    number: row.d.number,
    decidedOn: row.d.decidedOn,
    published: !!row.publishedAt,
    criteria: Array.isArray(points) ? points.filter((p): p is string => typeof p === 'string') : [],
  };
}
