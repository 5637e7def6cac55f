// What the citizens' voice puts on a start page: the moderation queue and reply deadlines.
import { and, inArray, sql } from 'drizzle-orm';
import { can, type SessionUser } from '../auth/policy';
import { countdownRu, formatRu, todayIso } from '../campaigns/dates';
import type { Db } from '../db/index.server';
import { voiceReplies, voiceReviews } from '../db/schema/voice';
import { replyDeadlines } from './reviews.server';

export type VoiceStartItem = { href: string; text: string; overdue: boolean };

/**
 * Items for the start page of `user`: for the authority, the territories' moderation queues and overdue
 * replies; for an organisation, its reply deadlines (nearest first). `territoryIds` undefined = all.
 */
export async function voiceStartItems(
  db: Db,
  user: SessionUser,
  territoryIds: string[] | undefined,
  today = todayIso(),
): Promise<VoiceStartItem[]> {
  if (user.role === 'organisation') {
    if (!user.organisationId || !can(user, 'voice.view', { organisationId: user.organisationId })) return [];
    const list = await replyDeadlines(db, { organisationId: user.organisationId }, today);
    return list.map((d) => ({
      href: `/voice/org/${d.organisationId}#review-${d.reviewId}`,
      text: `Ответить на отзыв № ${d.reviewId} до ${formatRu(d.dueOn)} — ${countdownRu(d.daysLeft)}`,
      overdue: d.daysLeft < 0,
    }));
  }
  if (!can(user, 'voice.view')) return [];
  const where = territoryIds ? inArray(voiceReviews.territoryId, territoryIds) : undefined;
  const queued = await db
    .select({ territoryId: voiceReviews.territoryId, n: sql<number>`count(*)::int` })
    .from(voiceReviews)
    .where(and(where, inArray(voiceReviews.status, ['held', 'pending'])))
    .groupBy(voiceReviews.territoryId);
  const replies = await db
    .select({ territoryId: voiceReplies.territoryId, n: sql<number>`count(*)::int` })
    .from(voiceReplies)
    .where(
      and(
        territoryIds ? inArray(voiceReplies.territoryId, territoryIds) : undefined,
        inArray(voiceReplies.status, ['held', 'pending']),
      ),
    )
    .groupBy(voiceReplies.territoryId);
  const items: VoiceStartItem[] = [];
  const ids = new Set([...queued.map((q) => q.territoryId), ...replies.map((q) => q.territoryId)]);
  for (const id of ids) {
    const r = queued.find((q) => q.territoryId === id)?.n ?? 0;
    const p = replies.find((q) => q.territoryId === id)?.n ?? 0;
    const href = can(user, 'voice.moderate', { territoryIds: [id] }) ? `/voice/t/${id}/moderation` : `/voice/t/${id}`;
    items.push({ href, text: `На модерации: отзывов — ${r}, ответов организаций — ${p}`, overdue: false });
  }
  if (territoryIds === undefined || territoryIds.length > 0) {
    const overdue = (
      await replyDeadlines(
        db,
        territoryIds
          ? { territoryIds }
          : {
              territoryIds: (await db.selectDistinct({ id: voiceReviews.territoryId }).from(voiceReviews)).map(
                (r) => r.id,
              ),
            },
        today,
      )
    ).filter((d) => d.daysLeft < 0);
    for (const d of overdue.slice(0, 20))
      items.push({
        href: `/voice/org/${d.organisationId}#review-${d.reviewId}`,
        text: `${d.organisationName}: ответ на отзыв № ${d.reviewId} просрочен (срок ${formatRu(d.dueOn)})`,
        overdue: true,
      });
  }
  return items;
}
