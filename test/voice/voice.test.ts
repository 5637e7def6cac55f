// The voice room's domain on a real database (both engines): review intake with screening and duplicates,
// consent, moderation with reasons and the 30-day block, replies and their deadlines, public statistics,
// open data without personal data, nothing deleted, and the permanent questionnaire kept out of campaigns.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIso } from '../../src/campaigns/dates';
import { auditLog } from '../../src/db/schema/audit';
import { surveyResponses } from '../../src/db/schema/survey';
import { voiceBlocks, voiceConsents, voiceReviews } from '../../src/db/schema/voice';
import { IntegrityMonitor } from '../../src/survey/integrity';
import { signRenderTime } from '../../src/survey/codes.server';
import { getTallies } from '../../src/survey/tallies.server';
import { CONSENT_VERSION, consentText } from '../../src/voice/labels';
import { renderSubject, respondPermanent } from '../../src/voice/questionnaire.server';
import { monthlyResults, publicSummary } from '../../src/voice/results.server';
import {
  consentHash,
  consentOperator,
  consentToken,
  moderateReply,
  moderateReview,
  openDataCsv,
  openDataRows,
  parseReview,
  postReply,
  postReview,
  publishedReviews,
  replyDeadlines,
  reviewStats,
  VoiceError,
  withdrawConsent,
} from '../../src/voice/reviews.server';
import {
  ensureVoiceLinks,
  forgetVoiceLinks,
  resolveVoiceLink,
  updateSettings,
  type VoiceLink,
} from '../../src/voice/settings.server';
import { seedWorld, type World } from '../auth/fixtures';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';

const actor = { id: null, name: 'Модератор' };
const form = (o: Record<string, string>) => new Map(Object.entries(o));

describe(`voice domain (${testEngine})`, () => {
  let t: TestDatabase;
  let world: World;
  let link: VoiceLink;
  const review = (text: string, extra: Record<string, string> = {}) => {
    const p = parseReview(link, form({ text, ...extra }));
    if (!p.ok) throw new Error(p.errors.join(' '));
    return p.value;
  };

  beforeAll(async () => {
    t = await createTestDb();
    world = await seedWorld(t.db);
    const codes = await ensureVoiceLinks(t.db, world.town.id);
    forgetVoiceLinks();
    link = (await resolveVoiceLink(t.db, codes.get(world.school.id)!))!;
  }, 60_000);
  afterAll(async () => t?.close());

  it('a clean review waits for a moderator; a duplicate and a phone number are held with their findings', async () => {
    const a = await postReview(t.db, link, review('Очень шумно в столовой, мало столов.'), '10.0.0.1');
    expect(a.status).toBe('pending');
    const dup = await postReview(t.db, link, review('очень шумно в столовой — мало столов!'), '10.0.0.2');
    expect(dup.status).toBe('held');
    const phone = await postReview(
      t.db,
      link,
      review('Позвоните завучу по номеру 8 912 345-67-89, она всё объяснит.'),
      '10.0.0.3',
    );
    const rows = await t.db
      .select()
      .from(voiceReviews)
      .where(sql`${voiceReviews.id} in (${dup.id}, ${phone.id})`)
      .orderBy(voiceReviews.id);
    expect(rows.map((r) => [r.status, r.flags])).toEqual([
      ['held', ['duplicate']],
      ['held', ['phone']],
    ]);
    // Networks are stored only as keyed hashes.
    expect(rows.every((r) => r.networkHash && !r.networkHash.includes('10.0.0'))).toBe(true);
  });

  it('a name is accepted only with the separate consent given on the form for the current text', async () => {
    const text = 'Спасибо за кружки, ребёнок ходит с удовольствием.';
    const good = {
      name: 'Мария',
      consent: 'yes',
      consent_version: CONSENT_VERSION,
      consent_hash: consentHash(consentText(consentOperator(link))),
      consent_token: consentToken(link, Date.now()),
    };
    const ok = parseReview(link, form({ text, ...good }));
    expect(ok.ok && ok.value.displayName).toBe('Мария');
    const noConsent = parseReview(link, form({ text, name: 'Мария' }));
    expect(noConsent.ok).toBe(false);
    const forgedHash = parseReview(link, form({ text, ...good, consent_hash: 'x'.repeat(64) }));
    expect(!forgedHash.ok && forgedHash.errors[0]).toMatch(/Согласие .* не подтверждено/);
    const forgedToken = parseReview(
      link,
      form({
        text,
        ...good,
        consent_token: signRenderTime('чужой секрет', `consent:${CONSENT_VERSION}:${link.code}`, Date.now()),
      }),
    );
    expect(forgedToken.ok).toBe(false);
    const stale = parseReview(
      link,
      form({ text, ...good, consent_token: consentToken(link, Date.now() - 25 * 3_600_000) }),
    );
    expect(stale.ok).toBe(false);
    const posted = await postReview(t.db, link, ok.ok ? ok.value : review(text), '10.0.0.4');
    const [row] = await t.db.select().from(voiceReviews).where(eq(voiceReviews.id, posted.id));
    const [consent] = await t.db.select().from(voiceConsents).where(eq(voiceConsents.id, row!.consentId!));
    expect(consent).toMatchObject({ displayName: 'Мария', textVersion: CONSENT_VERSION, textHash: good.consent_hash });
    // The review itself holds no name: only the reference to the consent document.
    expect(JSON.stringify(row)).not.toContain('Мария');
    // Withdrawal: the name is no longer shown, the review stays; a second withdrawal is refused.
    await moderateReview(t.db, {
      id: posted.id,
      decision: 'publish',
      reason: null,
      note: null,
      actor,
      territoryId: world.town.id,
    });
    expect((await publishedReviews(t.db, world.school.id)).find((p) => p.id === posted.id)?.displayName).toBe('Мария');
    await withdrawConsent(t.db, { reviewId: posted.id, territoryId: world.town.id, actor });
    expect((await publishedReviews(t.db, world.school.id)).find((p) => p.id === posted.id)?.displayName).toBeNull();
    await expect(
      withdrawConsent(t.db, { reviewId: posted.id, territoryId: world.town.id, actor }),
    ).rejects.toMatchObject({ status: 409 });
  });

  it('refuses NUL bytes, empty and oversized texts with Russian messages', () => {
    const nul = parseReview(link, form({ text: 'плохо\u0000плохо плохо' }));
    expect(!nul.ok && nul.errors[0]).toMatch(/нулевой/);
    const long = parseReview(link, form({ text: 'а'.repeat(4001) }));
    expect(!long.ok && long.errors[0]).toMatch(/не длиннее 4000/);
    const rating = parseReview(link, form({ text: 'нормальный отзыв о школе', k2: '7' }));
    expect(!rating.ok && rating.errors[0]).toMatch(/от 1 до 5/);
  });

  it('moderation: publish sets the reply deadline, reject and hide need a published reason, all audited', async () => {
    const r = await postReview(
      t.db,
      link,
      review('В раздевалке не хватает крючков, утром очередь.', { k2: '3', k5: '4' }),
      '10.0.1.1',
    );
    await expect(
      moderateReview(t.db, {
        id: r.id,
        decision: 'reject',
        reason: null,
        note: null,
        actor,
        territoryId: world.town.id,
      }),
    ).rejects.toThrow(/причину/);
    await expect(
      moderateReview(t.db, {
        id: r.id,
        decision: 'publish',
        reason: null,
        note: null,
        actor,
        territoryId: world.otherTown.id,
      }),
    ).rejects.toThrow(/не найден/);
    const pub = await moderateReview(t.db, {
      id: r.id,
      decision: 'publish',
      reason: null,
      note: null,
      actor,
      territoryId: world.town.id,
    });
    expect(pub.status).toBe('published');
    const [row] = await t.db.select().from(voiceReviews).where(eq(voiceReviews.id, r.id));
    const due = new Date(Date.parse(`${todayIso()}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
    expect(row!.replyDueOn).toBe(due);
    await expect(
      moderateReview(t.db, {
        id: r.id,
        decision: 'publish',
        reason: null,
        note: null,
        actor,
        territoryId: world.town.id,
      }),
    ).rejects.toMatchObject({ status: 409 });
    const entries = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'voice_review'), eq(auditLog.entityId, String(r.id))));
    expect(entries.map((e) => e.action)).toEqual(['voice.review.publish']);
    expect((await publishedReviews(t.db, world.school.id)).map((p) => p.id)).toContain(r.id);
    expect(
      (await replyDeadlines(t.db, { organisationId: world.school.id })).map((d) => [d.reviewId, d.daysLeft]),
    ).toContainEqual([r.id, 10]);
  });

  it('replies: only to a published review, one at a time, moderated, counted as answered in time', async () => {
    const r = await postReview(t.db, link, review('Нет навеса над входом, дети мокнут под дождём.'), '10.0.2.1');
    await expect(
      postReply(t.db, { reviewId: r.id, organisationId: world.school.id, text: 'Спасибо, поставим навес.', actor }),
    ).rejects.toMatchObject({ status: 404 });
    await moderateReview(t.db, {
      id: r.id,
      decision: 'publish',
      reason: null,
      note: null,
      actor,
      territoryId: world.town.id,
    });
    await expect(
      postReply(t.db, {
        reviewId: r.id,
        organisationId: world.otherSchool.id,
        text: 'Чужая организация отвечает.',
        actor,
      }),
    ).rejects.toMatchObject({ status: 404 });
    const reply = await postReply(t.db, {
      reviewId: r.id,
      organisationId: world.school.id,
      text: 'Спасибо, навес поставим до конца месяца.',
      actor,
    });
    expect(reply.status).toBe('pending');
    await expect(
      postReply(t.db, {
        reviewId: r.id,
        organisationId: world.school.id,
        text: 'Второй ответ на тот же отзыв.',
        actor,
      }),
    ).rejects.toMatchObject({ status: 409 });
    expect((await replyDeadlines(t.db, { organisationId: world.school.id })).map((d) => d.reviewId)).not.toContain(
      r.id,
    );
    await moderateReply(t.db, {
      id: reply.id,
      decision: 'publish',
      reason: null,
      note: null,
      actor,
      territoryId: world.town.id,
    });
    const shown = (await publishedReviews(t.db, world.school.id)).find((p) => p.id === r.id);
    expect(shown?.reply?.text).toBe('Спасибо, навес поставим до конца месяца.');
    const stats = await reviewStats(t.db, world.school.id);
    expect(stats.answered).toBe(1);
    expect(stats.answeredInTime).toBe(1);
    expect(stats.due).toBe(1); // the other published review's deadline has not come yet
    expect(stats.ratings.k2).toEqual([0, 0, 1, 0, 0]);
    expect(stats.ratings.k5).toEqual([0, 0, 0, 1, 0]);
  });

  it('three rejections for abuse from one network block it for 30 days; other networks are not affected', async () => {
    const texts = [
      'Реклама: скидка на репетитора, промокод',
      'Ещё раз реклама курсов, звоните',
      'И снова: распродажа формы недорого',
    ];
    let blocked = false;
    for (const text of texts) {
      const r = await postReview(t.db, link, review(text), '10.9.9.9');
      blocked = (
        await moderateReview(t.db, {
          id: r.id,
          decision: 'reject',
          reason: 'advertising',
          note: null,
          actor,
          territoryId: world.town.id,
        })
      ).blocked;
    }
    expect(blocked).toBe(true);
    const [block] = await t.db.select().from(voiceBlocks);
    expect(block!.until.getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const before = (await t.db.select({ n: sql<number>`count(*)::int` }).from(voiceReviews))[0]!.n;
    await expect(postReview(t.db, link, review('Новый отзыв из заблокированной сети'), '10.9.9.9')).rejects.toThrow(
      /временно нельзя/,
    );
    expect((await t.db.select({ n: sql<number>`count(*)::int` }).from(voiceReviews))[0]!.n).toBe(before);
    expect((await postReview(t.db, link, review('Отзыв из другой сети о качестве питания'), '10.9.9.8')).status).toBe(
      'pending',
    );
    // A rejection for a reason that is not abuse (e.g. personal data) never counts towards a block.
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'voice.block'))).toHaveLength(1);
  });

  it('open data carries published reviews without names or networks', async () => {
    const rows = await openDataRows(t.db, world.town.id);
    expect(rows.length).toBeGreaterThan(0);
    const csv = openDataCsv(rows);
    expect(csv).not.toContain('Мария');
    expect(Object.keys(rows[0]!)).not.toContain('network_hash');
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFFid,organisation_id,inn,organisation,subject,text,k1,k2,k3,k4,k5,published_on,reply_due_on,reply,reply_published_on,answered_in_time',
    );
  });

  it('nothing is deleted: the database refuses to delete reviews', async () => {
    await expect(t.db.execute(sql`delete from voice_reviews`)).rejects.toThrow();
    expect((await t.db.select({ n: sql<number>`count(*)::int` }).from(voiceReviews))[0]!.n).toBeGreaterThan(5);
  });

  it('the permanent questionnaire uses the survey engine under the stream id, never a campaign, and shows from the minimum sample', async () => {
    const monitor = new IntegrityMonitor();
    const answers = (i: number) =>
      new Map([
        ['q1', 'yes'],
        ['q2', 'yes'],
        ['q3', i % 2 ? 'yes' : 'no'],
        ['t', signRenderTime(link.secret, renderSubject(link.code), Date.now() - 60_000)],
      ]);
    for (let i = 0; i < 5; i++)
      await respondPermanent(t.db, monitor, {
        code: link.code,
        fields: answers(i),
        browserToken: null,
        networkKey: `10.1.0.${i}`,
      });
    const [tally] = await getTallies(t.db, link.streamId, world.school.id);
    expect(tally!.valid).toBe(5);
    const stored = await t.db.select({ campaignId: surveyResponses.campaignId }).from(surveyResponses);
    expect(new Set(stored.map((s) => s.campaignId))).toEqual(new Set([link.streamId]));
    expect(
      await t.db
        .execute(sql`select 1 from campaigns where id = ${link.streamId}::uuid`)
        .then((r) => ((r as { rows?: unknown[] }).rows ?? (r as unknown[])).length),
    ).toBe(0);
    const months = await monthlyResults(t.db, link.streamId, world.school.id);
    expect(months[0]).toMatchObject({ month: todayIso().slice(0, 7), valid: 5 });
    expect(months[0]!.yes.slice(0, 3)).toEqual([5, 5, 2]);
    expect(await publicSummary(t.db, link, todayIso())).toMatchObject({ shown: false, valid: 5, minSample: 30 });
    await updateSettings(
      t.db,
      world.town.id,
      {
        moderator: 'authority',
        appealsUrl: '',
        replyDays: 10,
        minSample: 5,
        questionnaireOpen: true,
        reviewsOpen: true,
      },
      actor,
    );
    const shown = await publicSummary(t.db, { ...link, minSample: 5 }, todayIso());
    expect(shown.shown && shown.questions[2]).toMatchObject({ yes: 2, answered: 5 });
    // A form without the signed render time is quarantined, not counted (the survey's integrity rule).
    const r = await respondPermanent(t.db, monitor, {
      code: link.code,
      fields: new Map([['q1', 'no']]),
      browserToken: null,
      networkKey: '10.1.1.1',
    });
    expect(r.status).toBe('quarantined');
  });

  it('a closed questionnaire or review intake answers 410 and stores nothing', async () => {
    await updateSettings(
      t.db,
      world.town.id,
      {
        moderator: 'authority',
        appealsUrl: '',
        replyDays: 10,
        minSample: 5,
        questionnaireOpen: false,
        reviewsOpen: false,
      },
      actor,
    );
    forgetVoiceLinks();
    const closed = (await resolveVoiceLink(t.db, link.code))!;
    await expect(
      respondPermanent(t.db, new IntegrityMonitor(), {
        code: link.code,
        fields: new Map([['q1', 'yes']]),
        browserToken: null,
        networkKey: 'x',
      }),
    ).rejects.toMatchObject({ status: 410 });
    await expect(postReview(t.db, closed, review('Отзыв при закрытом приёме'), 'x')).rejects.toBeInstanceOf(VoiceError);
    await updateSettings(
      t.db,
      world.town.id,
      {
        moderator: 'authority',
        appealsUrl: '',
        replyDays: 10,
        minSample: 30,
        questionnaireOpen: true,
        reviewsOpen: true,
      },
      actor,
    );
    forgetVoiceLinks();
  });
});
