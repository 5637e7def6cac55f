import { data, redirect } from 'react-router';
import { can, canModerateReviews } from '../../../src/auth/policy';
import { countdownRu, formatRu, todayIso } from '../../../src/campaigns/dates';
import {
  flagLabels,
  moderationReasons,
  ratingCriteria,
  replyStatusLabels,
  subjectLabels,
} from '../../../src/voice/labels';
import { permanentQuestionnaire } from '../../../src/voice/questionnaire.server';
import { monthlyResults } from '../../../src/voice/results.server';
import {
  moderateReview,
  moderationQueue,
  parseReplyText,
  postReply,
  publishedReviews,
  replyDeadlines,
  VoiceError,
} from '../../../src/voice/reviews.server';
import { voiceLinkOfOrganisation } from '../../../src/voice/settings.server';
import { voiceReplies } from '../../../src/db/schema/voice';
import { and, eq, inArray } from 'drizzle-orm';
import { Csrf, FormMessages, Select, SuccessMessage, Textarea, type FormResult } from '../../ui/forms';
import type { Route } from './+types/organisation';
import { embedSnippet, publicBase, voiceOrganisation } from './voice.server';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `Отзывы и постоянная анкета: ${d?.organisation.name ?? 'организация'} — НОКО` }];
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, org, scope, settings } = await voiceOrganisation(context, request, params.orgId, 'voice.view');
  const link = (await voiceLinkOfOrganisation(context.db, org.id))!;
  const moderates = canModerateReviews(user, scope, settings.moderator);
  const [reviews, months, deadlines, queue, replies] = await Promise.all([
    publishedReviews(context.db, org.id),
    monthlyResults(context.db, settings.streamId, org.id),
    replyDeadlines(context.db, { organisationId: org.id }),
    moderates ? moderationQueue(context.db, org.territoryId, org.id) : Promise.resolve({ reviews: [], replies: [] }),
    context.db
      .select({ reviewId: voiceReplies.reviewId, status: voiceReplies.status, reason: voiceReplies.reason })
      .from(voiceReplies)
      .where(
        and(eq(voiceReplies.organisationId, org.id), inArray(voiceReplies.status, ['held', 'pending', 'rejected'])),
      ),
  ]);
  const q = permanentQuestionnaire(settings.methodologyId);
  const base = publicBase(context, request);
  const due = new Map(deadlines.map((d) => [d.reviewId, d]));
  return {
    organisation: { id: org.id, name: org.shortName, territoryId: org.territoryId },
    canReply: can(user, 'voice.reply', scope),
    moderates,
    links: {
      page: `${base}/golos/${link.code}`,
      card: `/golos/o/${org.id}`,
      review: `/golos/${link.code}/otzyv`,
      code: link.code,
      snippet: embedSnippet(base, link.code, org.shortName),
    },
    deadlines: deadlines.map((d) => ({
      reviewId: d.reviewId,
      dueOn: formatRu(d.dueOn),
      label: countdownRu(d.daysLeft),
      overdue: d.daysLeft < 0,
      excerpt: d.excerpt,
    })),
    reviews: reviews.map((r) => {
      const waiting = replies.find((p) => p.reviewId === r.id && p.status !== 'rejected');
      const rejected = replies.filter((p) => p.reviewId === r.id && p.status === 'rejected');
      return {
        id: r.id,
        subject: subjectLabels[r.subject],
        text: r.text,
        publishedOn: formatRu(r.publishedOn),
        ratings: ratingCriteria.filter((c) => r.ratings[c.key]).map((c) => `${c.label}: ${r.ratings[c.key]}`),
        reply: r.reply ? { text: r.reply.text, publishedOn: formatRu(r.reply.publishedOn) } : null,
        waiting: waiting ? replyStatusLabels[waiting.status] : null,
        rejectedReplies: rejected.length,
        due: due.get(r.id) ? { on: formatRu(due.get(r.id)!.dueOn), label: countdownRu(due.get(r.id)!.daysLeft) } : null,
      };
    }),
    questions: q.questions.map((x) => ({ slot: x.slot, number: x.number, label: x.shortLabel })),
    months,
    queue: queue.reviews.map((r) => ({
      id: r.id,
      text: r.text,
      flags: r.flags.map((f) => flagLabels[f] ?? f),
      receivedOn: formatRu(todayIso(r.receivedAt)),
    })),
    done: new URL(request.url).searchParams.get('done'),
    csrfToken: context.csrfToken,
  };
}

/** An answer about one review's form (`intent` and `id`); without an id it belongs to the page. */
type Answer = FormResult & { id: number | null };

export async function action({ request, context, params }: Route.ActionArgs) {
  const form = await request.formData();
  const intent = typeof form.get('intent') === 'string' ? String(form.get('intent')) : undefined;
  const text = (name: string) => (typeof form.get(name) === 'string' ? String(form.get(name)) : '');
  const reviewId = Number(text('id'));
  if (intent === 'reply') {
    const { user, org } = await voiceOrganisation(context, request, params.orgId, 'voice.reply');
    const parsed = parseReplyText(form.get('text'));
    const known = Number.isSafeInteger(reviewId) && reviewId > 0;
    if (!parsed.ok)
      return data<Answer>(
        known
          ? { intent, id: reviewId, fieldErrors: { [`reply-${reviewId}`]: parsed.errors.join(' ') } }
          : { intent, id: null, errors: parsed.errors },
        { status: 400 },
      );
    if (!known) return data<Answer>({ intent, id: null, errors: ['Не указан отзыв.'] }, { status: 400 });
    try {
      await postReply(context.db, {
        reviewId,
        organisationId: org.id,
        text: parsed.text,
        actor: { id: user.id, name: user.name },
      });
    } catch (err) {
      if (err instanceof VoiceError)
        return data<Answer>({ intent, errors: err.messages, id: reviewId }, { status: err.status });
      throw err;
    }
    return redirect(`/voice/org/${org.id}?done=reply`);
  }
  if (intent === 'moderate') {
    const { user, org, scope, settings } = await voiceOrganisation(context, request, params.orgId, 'voice.view');
    if (!canModerateReviews(user, scope, settings.moderator))
      throw data('Недостаточно прав: отзывы этой организации модерирует орган управления образованием.', {
        status: 403,
      });
    if (!Number.isSafeInteger(reviewId) || reviewId <= 0)
      return data<Answer>({ intent, errors: ['Не указан отзыв.'], id: null }, { status: 400 });
    try {
      await moderateReview(context.db, {
        id: reviewId,
        decision: text('decision') as 'publish',
        reason: text('reason') || null,
        note: text('note').trim() || null,
        actor: { id: user.id, name: user.name },
        territoryId: org.territoryId,
        organisationId: org.id,
      });
    } catch (err) {
      if (err instanceof VoiceError)
        return data<Answer>({ intent, errors: err.messages, id: reviewId }, { status: err.status });
      throw err;
    }
    return redirect(`/voice/org/${org.id}?done=moderated`);
  }
  // Any other post: still checked against the policy before it is refused.
  await voiceOrganisation(context, request, params.orgId, 'voice.reply');
  return data<Answer>({ errors: ['Неизвестное действие.'], id: null }, { status: 400 });
}

const monthRu = (m: string) => `${m.slice(5, 7)}.${m.slice(0, 4)}`;

export default function VoiceOrganisation({ loaderData, actionData }: Route.ComponentProps) {
  const { organisation, canReply, moderates, links, deadlines, reviews, questions, months, queue, done, csrfToken } =
    loaderData;
  const result = actionData as Answer | undefined;
  const answerFor = (intent: string, id: number) =>
    result && result.intent === intent && result.id === id ? result : undefined;
  // The answer stands in the form that was sent; if that form is no longer on the page (the review was
  // decided meanwhile), or the post named no review, it leads the page so it is never lost.
  const formOnPage =
    result?.id != null &&
    (result.intent === 'reply'
      ? canReply && reviews.some((r) => r.id === result.id && !r.reply && !r.waiting)
      : result.intent === 'moderate' && queue.some((r) => r.id === result.id));
  return (
    <section>
      <h1>Отзывы и постоянная анкета: {organisation.name}</h1>
      <p>
        Эти данные не входят в официальную оценку. <a href={links.card}>Публичная страница организации</a> ·{' '}
        <a href="/golos/pravila">Правила модерации</a>
      </p>
      {/* After the redirect the form that was sent is gone (the review moved on): the answer leads the page. */}
      <SuccessMessage id="done">
        {done === 'reply'
          ? 'Ответ отправлен на модерацию. После проверки он появится под отзывом.'
          : done === 'moderated'
            ? 'Решение сохранено.'
            : null}
      </SuccessMessage>
      {result && !formOnPage ? <FormMessages result={result} errorTitle="Не сохранено" /> : null}

      <h2>Сроки ответов ({deadlines.length})</h2>
      {deadlines.length === 0 ? (
        <p>Отзывов без ответа нет: на каждый опубликованный отзыв ответ уже дан или ждёт модерации.</p>
      ) : (
        <ul>
          {deadlines.map((d) => (
            <li key={d.reviewId} className={d.overdue ? 'overdue' : undefined}>
              <a href={`#review-${d.reviewId}`}>Отзыв № {d.reviewId}</a>: ответить до {d.dueOn} —{' '}
              <strong>{d.label}</strong>. «{d.excerpt}»
            </li>
          ))}
        </ul>
      )}

      {moderates ? (
        <>
          <h2>Отзывы на модерации ({queue.length})</h2>
          <p>
            Ваша территория поручила модерацию отзывов организации. Решайте по опубликованным правилам: отклонённое не
            удаляется.
          </p>
          {queue.map((r) => (
            <article key={r.id} className="review" aria-labelledby={`q-${r.id}`}>
              <h3 id={`q-${r.id}`}>
                Отзыв № {r.id}, {r.receivedOn}
              </h3>
              {r.flags.length > 0 ? (
                <p className="warn">
                  <strong>Проверка нашла:</strong> {r.flags.join('; ')}.
                </p>
              ) : null}
              <blockquote className="text">{r.text}</blockquote>
              <form method="post">
                <FormMessages result={answerFor('moderate', r.id)} errorTitle="Не сохранено" id={`q-${r.id}-result`} />
                <Csrf token={csrfToken} />
                <input type="hidden" name="intent" value="moderate" />
                <input type="hidden" name="id" value={r.id} />
                <Select
                  name="reason"
                  id={`q-${r.id}-reason`}
                  label="Причина отклонения"
                  defaultValue=""
                  placeholder="— выберите, если отклоняете —"
                  options={moderationReasons.map((m) => ({ value: m.code, label: m.label }))}
                />
                <p>
                  <button type="submit" name="decision" value="publish">
                    Опубликовать
                  </button>{' '}
                  <button type="submit" name="decision" value="reject">
                    Отклонить
                  </button>
                </p>
              </form>
            </article>
          ))}
        </>
      ) : null}

      <h2>Опубликованные отзывы ({reviews.length})</h2>
      {reviews.length === 0 ? <p>Опубликованных отзывов пока нет.</p> : null}
      {reviews.map((r) => (
        <article key={r.id} id={`review-${r.id}`} className="review" aria-labelledby={`h-${r.id}`}>
          <h3 id={`h-${r.id}`}>
            Отзыв № {r.id} {r.subject}, опубликован {r.publishedOn}
          </h3>
          <blockquote className="text">{r.text}</blockquote>
          {r.ratings.length > 0 ? <p>Оценки: {r.ratings.join('; ')}</p> : null}
          {r.reply ? (
            <p>
              Ответ опубликован {r.reply.publishedOn}: «{r.reply.text}»
            </p>
          ) : r.waiting ? (
            <p>Ответ {r.waiting}.</p>
          ) : canReply ? (
            <form method="post">
              <FormMessages result={answerFor('reply', r.id)} errorTitle="Не сохранено" id={`reply-${r.id}-result`} />
              <Csrf token={csrfToken} />
              <input type="hidden" name="intent" value="reply" />
              <input type="hidden" name="id" value={r.id} />
              <Textarea
                name="text"
                id={`reply-${r.id}`}
                label={`Публичный ответ организации${r.due ? ` (до ${r.due.on}, ${r.due.label})` : ''}`}
                hint={
                  r.rejectedReplies > 0 ? 'Предыдущий ответ отклонён модератором — напишите новый по правилам.' : null
                }
                error={answerFor('reply', r.id)?.fieldErrors?.[`reply-${r.id}`]}
                maxLength={4000}
                rows={4}
              />
              <button type="submit">Отправить ответ на модерацию</button>
            </form>
          ) : (
            <p>Ответа пока нет{r.due ? `: срок ${r.due.on}, ${r.due.label}` : ''}.</p>
          )}
        </article>
      ))}

      <h2>Постоянная анкета по месяцам</h2>
      {months.length === 0 ? (
        <p>Ответов пока нет.</p>
      ) : (
        <div
          className="table-scroll"
          role="region"
          aria-label="Постоянная анкета по месяцам (таблица прокручивается)"
          tabIndex={0}
        >
          <table>
            <caption>
              Доля ответов «да» по вопросам, действительные ответы за месяц (не входит в официальную оценку)
            </caption>
            <thead>
              <tr>
                <th scope="col">Месяц</th>
                <th scope="col">Ответов</th>
                <th scope="col">На проверке</th>
                {questions.map((q) => (
                  <th scope="col" key={q.slot} title={q.label}>
                    В{q.number}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{monthRu(m.month)}</th>
                  <td>{m.valid}</td>
                  <td>{m.quarantined}</td>
                  {questions.map((q) => {
                    const y = m.yes[q.slot - 1] ?? 0;
                    const n = m.no[q.slot - 1] ?? 0;
                    return <td key={q.slot}>{y + n > 0 ? `${Math.round((100 * y) / (y + n))} %` : '—'}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Ссылка, QR-код и код для сайта</h2>
      <p>
        Адрес анкеты и формы отзыва: <a href={links.page}>{links.page}</a>
      </p>
      <ul>
        <li>
          <a href={`/golos/${links.code}/plakat.pdf`}>Плакат для стенда (PDF, А4)</a>
        </li>
        <li>
          <a href={`/golos/${links.code}/qr.png`}>QR-код (PNG)</a>,{' '}
          <a href={`/golos/${links.code}/qr.svg`}>QR-код (SVG)</a>
        </li>
      </ul>
      <Textarea
        name="snippet"
        label="Код для сайта организации (рамка работает без JavaScript, под ней — обычная ссылка)"
        readOnly
        rows={5}
        style={{ width: '100%', fontFamily: 'monospace' }}
        defaultValue={links.snippet}
      />
    </section>
  );
}
