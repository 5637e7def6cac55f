// Demo data of the citizens' voice: reviews in every state (waiting, held by screening, published with and
// without a reply, with a reply waiting, overdue, rejected and hidden with reasons, one with a consented
// name) and a year of permanent-questionnaire answers. Goes through the room's own functions.
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../db/audit.server';
import type { Db } from '../db/index.server';
import { voiceReviews } from '../db/schema/voice';
import { signRenderTime } from '../survey/codes.server';
import { IntegrityMonitor } from '../survey/integrity';
import { CONSENT_VERSION, consentText } from './labels';
import { renderSubject, respondPermanent } from './questionnaire.server';
import {
  consentHash,
  consentOperator,
  consentToken,
  moderateReply,
  moderateReview,
  parseReview,
  postReply,
  postReview,
} from './reviews.server';
import { ensureVoiceLinks, forgetVoiceLinks, resolveVoiceLink, updateSettings } from './settings.server';

type Spec = {
  text: string;
  ratings?: Record<string, string>;
  name?: string;
  then?: 'publish' | 'reject' | 'hide' | 'keep';
  reason?: string;
  note?: string;
  reply?: 'published' | 'pending' | 'none';
  daysAgo?: number;
};

const specs: Spec[] = [
  {
    text: 'Очень понравилось, как встретили нас в первый день: всё показали и рассказали. Спасибо!',
    ratings: { k4: '5', k5: '5' },
    then: 'publish',
    reply: 'published',
    daysAgo: 40,
  },
  {
    text: 'В раздевалке не хватает места, утром у входа очередь. Хорошо бы поставить ещё шкафчики.',
    ratings: { k2: '3' },
    then: 'publish',
    reply: 'pending',
    daysAgo: 6,
  },
  {
    text: 'На сайте нет расписания кружков, приходится звонить. Опубликуйте, пожалуйста.',
    ratings: { k1: '2' },
    then: 'publish',
    reply: 'none',
    daysAgo: 25,
  },
  {
    text: 'Спасибо за новый пандус у входа, теперь можно заехать с коляской.',
    ratings: { k3: '5' },
    name: 'Ольга',
    then: 'publish',
    reply: 'none',
    daysAgo: 2,
  },
  { text: 'Позвоните мне по номеру 8 912 345-67-89, расскажу, что творится в столовой.', then: 'keep' },
  {
    text: 'Петров из 5 «Б» класса обижает младших, а классный руководитель ничего не делает.',
    then: 'reject',
    reason: 'personal-data',
    note: 'имя ребёнка и указание на класс',
  },
  { text: 'Лучший репетитор по математике, скидка 20%, пишите в телеграм!', then: 'reject', reason: 'advertising' },
  {
    text: 'Хочу, чтобы мне ответили, почему ребёнка не взяли в кружок робототехники.',
    then: 'reject',
    reason: 'appeal',
    note: 'направьте обращение через канал органа управления образованием',
  },
  {
    text: 'Отзыв был опубликован, но в нём оказались сведения о здоровье ребёнка.',
    then: 'hide',
    reason: 'personal-data',
    note: 'снят по просьбе родителя',
  },
  {
    text: 'Ждём, когда в спортзале заменят освещение: темно на уроках физкультуры.',
    ratings: { k2: '2' },
    then: 'keep',
  },
];

export async function seedVoiceDemo(
  db: Db,
  territoryId: string,
  actor: Actor,
  now = new Date(),
): Promise<{ reviews: number; answers: number }> {
  await updateSettings(
    db,
    territoryId,
    {
      moderator: 'authority',
      appealsUrl: 'https://primersk-edu.example/obrashcheniya',
      replyDays: 10,
      minSample: 30,
      questionnaireOpen: true,
      reviewsOpen: true,
    },
    actor,
  );
  const codes = [...(await ensureVoiceLinks(db, territoryId)).values()];
  forgetVoiceLinks();
  const links = (await Promise.all(codes.slice(0, 3).map((c) => resolveVoiceLink(db, c, 0)))).filter((l) => l !== null);
  let reviews = 0;
  for (const [i, s] of specs.entries()) {
    const link = links[i % Math.min(2, links.length)]!;
    const fields = new Map(Object.entries({ text: s.text, ...(s.ratings ?? {}) }));
    if (s.name) {
      fields.set('name', s.name);
      fields.set('consent', 'yes');
      fields.set('consent_version', CONSENT_VERSION);
      fields.set('consent_hash', consentHash(consentText(consentOperator(link))));
      fields.set('consent_token', consentToken(link, now.getTime()));
    }
    const parsed = parseReview(link, fields, now.getTime());
    if (!parsed.ok) throw new Error(parsed.errors.join(' '));
    const posted = await postReview(db, link, parsed.value, `198.51.100.${i + 1}`);
    reviews++;
    if (s.then === 'keep') continue;
    const decision = s.then === 'hide' ? 'publish' : s.then!;
    const when = new Date(now.getTime() - (s.daysAgo ?? 1) * 86_400_000);
    await moderateReview(
      db,
      { id: posted.id, decision, reason: s.reason ?? null, note: s.note ?? null, actor, territoryId },
      when,
    );
    if (s.then === 'hide')
      await moderateReview(
        db,
        { id: posted.id, decision: 'hide', reason: s.reason!, note: s.note ?? null, actor, territoryId },
        now,
      );
    await db
      .update(voiceReviews)
      .set({ receivedAt: new Date(when.getTime() - 3_600_000) })
      .where(eq(voiceReviews.id, posted.id));
    if (s.reply === 'published' || s.reply === 'pending') {
      const reply = await postReply(db, {
        reviewId: posted.id,
        organisationId: link.organisationId,
        text:
          s.reply === 'published'
            ? 'Спасибо за добрые слова! Передадим коллективу.'
            : 'Спасибо, в следующем месяце закажем дополнительные шкафчики.',
        actor,
      });
      if (s.reply === 'published') {
        await db.execute(
          sql`update voice_replies set created_at = ${new Date(when.getTime() + 2 * 86_400_000)} where id = ${reply.id}`,
        );
        await moderateReply(
          db,
          { id: reply.id, decision: 'publish', reason: null, note: null, actor, territoryId },
          new Date(when.getTime() + 3 * 86_400_000),
        );
      }
    }
  }
  // A year of permanent-questionnaire answers for the first organisation: enough to show publicly.
  const monitor = new IntegrityMonitor();
  const first = links[0]!;
  let answers = 0;
  for (let m = 0; m < 12; m++) {
    for (let k = 0; k < 4; k++) {
      const n = m * 4 + k;
      const yes = (q: number) => ((n * 7 + q * 3) % 10 < 8 ? 'yes' : 'no');
      const fields = new Map<string, string>([
        ['t', signRenderTime(first.secret, renderSubject(first.code), now.getTime() - 120_000)],
      ]);
      for (let q = 1; q <= 14; q++) fields.set(`q${q}`, yes(q));
      for (const [filter, dep] of [
        [1, 2],
        [3, 4],
        [6, 7],
        [10, 11],
      ] as const)
        if (fields.get(`q${filter}`) === 'no') fields.delete(`q${dep}`);
      const r = await respondPermanent(
        db,
        monitor,
        { code: first.code, fields, browserToken: null, networkKey: `203.0.113.${n + 1}` },
        now,
      );
      await db.execute(
        sql`update survey_responses set submitted_at = ${new Date(now.getTime() - (m * 30 + k) * 86_400_000)} where id = ${r.responseId}`,
      );
      answers++;
    }
  }
  return { reviews, answers };
}
