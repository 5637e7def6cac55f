import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIso } from '../../src/campaigns/dates';
import { voiceReplies, voiceReviews } from '../../src/db/schema/voice';
import { seedVoiceDemo } from '../../src/voice/demo.server';
import { publicSummary } from '../../src/voice/results.server';
import { replyDeadlines, reviewStats } from '../../src/voice/reviews.server';
import { ensureVoiceLinks, resolveVoiceLink } from '../../src/voice/settings.server';
import { seedWorld, type World } from '../auth/fixtures';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';

describe(`voice demo (${testEngine})`, () => {
  let t: TestDatabase;
  let world: World;
  beforeAll(async () => {
    t = await createTestDb();
    world = await seedWorld(t.db);
  }, 60_000);
  afterAll(async () => t?.close());

  it('has reviews in every state, replies published and waiting, an overdue reply and a public questionnaire summary', async () => {
    const result = await seedVoiceDemo(t.db, world.town.id, { id: null, name: 'demo' });
    expect(result.reviews).toBeGreaterThanOrEqual(10);
    const states = await t.db
      .select({ status: voiceReviews.status, n: sql<number>`count(*)::int` })
      .from(voiceReviews)
      .groupBy(voiceReviews.status);
    expect(new Set(states.map((s) => s.status))).toEqual(
      new Set(['held', 'pending', 'published', 'rejected', 'hidden']),
    );
    const replies = await t.db.select({ status: voiceReplies.status }).from(voiceReplies);
    expect(new Set(replies.map((r) => r.status))).toEqual(new Set(['published', 'pending']));
    expect((await replyDeadlines(t.db, { territoryIds: [world.town.id] })).some((d) => d.daysLeft < 0)).toBe(true);
    const stats = await reviewStats(t.db, world.school.id);
    expect(stats.published).toBeGreaterThan(0);
    const code = (await ensureVoiceLinks(t.db, world.town.id)).get(world.school.id)!;
    const link = (await resolveVoiceLink(t.db, code, 0))!;
    const summary = await publicSummary(t.db, link, todayIso());
    expect(summary.shown).toBe(true);
  });
});
