import { data, redirect } from 'react-router';
import { formatRu, todayIso } from '../../../src/campaigns/dates';
import {
  flagLabels,
  moderationReasons,
  ratingCriteria,
  reasonLabel,
  replyStatusLabels,
  reviewStatusLabels,
  subjectLabels,
} from '../../../src/voice/labels';
import {
  decidedReviews,
  moderateReply,
  moderateReview,
  moderationQueue,
  VoiceError,
  withdrawConsent,
} from '../../../src/voice/reviews.server';
import { Csrf, FormMessages, Select, SuccessMessage, TextInput, type FormResult } from '../../ui/forms';
import type { Route } from './+types/moderation';
import { voiceTerritory } from './voice.server';
import { TableScroll } from '../../ui/controls';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `Модерация отзывов: ${d?.territory.name ?? 'территория'} — НОКО` }];
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { territory } = await voiceTerritory(context, request, params.territoryId, 'voice.moderate');
  const [queue, decided] = await Promise.all([
    moderationQueue(context.db, territory.id),
    decidedReviews(context.db, territory.id),
  ]);
  const done = new URL(request.url).searchParams.get('done');
  return {
    territory: { id: territory.id, name: territory.name },
    reviews: queue.reviews.map(viewOf),
    replies: queue.replies.map((r) => ({
      id: r.id,
      reviewId: r.reviewId,
      organisation: r.organisationName,
      text: r.text,
      reviewText: r.reviewText,
      status: replyStatusLabels[r.status],
      flags: r.flags.map((f) => flagLabels[f] ?? f),
      createdOn: formatRu(todayIso(r.createdAt)),
    })),
    decided: decided.map(viewOf),
    done,
    csrfToken: context.csrfToken,
  };
}

function viewOf(r: Awaited<ReturnType<typeof moderationQueue>>['reviews'][number]) {
  return {
    id: r.id,
    organisation: r.organisationName,
    subject: subjectLabels[r.subject],
    text: r.text,
    status: r.status,
    statusLabel: reviewStatusLabels[r.status],
    flags: r.flags.map((f) => flagLabels[f] ?? f),
    ratings: ratingCriteria.filter((c) => r[c.key]).map((c) => `${c.label}: ${r[c.key]}`),
    displayName: r.displayName,
    reason: r.reason ? reasonLabel(r.reason) : null,
    reasonNote: r.reasonNote,
    receivedOn: formatRu(todayIso(r.receivedAt)),
  };
}

/** An answer about one item's form (`intent` is its kind, `id` its number); without an id it belongs to the page. */
type Answer = FormResult & { id: number | null };

export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, territory } = await voiceTerritory(context, request, params.territoryId, 'voice.moderate');
  const form = await request.formData();
  const text = (name: string) => (typeof form.get(name) === 'string' ? String(form.get(name)) : '');
  const id = Number(text('id'));
  const kind = text('kind');
  const decision = text('decision');
  if (kind === 'consent' && Number.isSafeInteger(id) && id > 0) {
    try {
      await withdrawConsent(context.db, {
        reviewId: id,
        territoryId: territory.id,
        actor: { id: user.id, name: user.name },
      });
    } catch (err) {
      if (err instanceof VoiceError)
        return data<Answer>({ intent: kind, errors: err.messages, id }, { status: err.status });
      throw err;
    }
    return redirect(`/voice/t/${territory.id}/moderation?done=consent`);
  }
  if (!Number.isSafeInteger(id) || id <= 0 || (kind !== 'review' && kind !== 'reply'))
    return data<Answer>({ errors: ['Не указано, что рассматривается. Обновите страницу.'], id: null }, { status: 400 });
  const input = {
    id,
    decision: decision as 'publish' | 'reject' | 'hide',
    reason: text('reason') || null,
    note: text('note').trim() || null,
    actor: { id: user.id, name: user.name },
    territoryId: territory.id,
  };
  try {
    if (kind === 'review') {
      const r = await moderateReview(context.db, input);
      return redirect(`/voice/t/${territory.id}/moderation?done=${r.blocked ? 'blocked' : r.status}`);
    }
    const r = await moderateReply(context.db, input);
    return redirect(`/voice/t/${territory.id}/moderation?done=reply-${r.status}`);
  } catch (err) {
    if (err instanceof VoiceError)
      return data<Answer>({ intent: kind, errors: err.messages, id }, { status: err.status });
    throw err;
  }
}

const doneText: Record<string, string> = {
  published: 'Отзыв опубликован.',
  rejected: 'Отзыв отклонён; причина сохранена.',
  hidden: 'Отзыв снят с публикации; причина сохранена.',
  blocked: 'Отзыв отклонён. Из этой сети это уже повторное нарушение: приём отзывов из неё заблокирован на 30 дней.',
  'reply-published': 'Ответ организации опубликован.',
  'reply-rejected': 'Ответ организации отклонён; причина сохранена.',
  consent: 'Отзыв согласия записан: имя больше не показывается, отзыв остался анонимным.',
};

function DecisionForm({
  kind,
  id,
  csrf,
  hide,
  result,
}: {
  kind: 'review' | 'reply';
  id: number;
  csrf: string;
  hide?: boolean;
  result: Answer | undefined;
}) {
  const p = `${kind}-${id}`;
  return (
    <form method="post" className="decision">
      <FormMessages
        result={result?.intent === kind && result.id === id ? result : undefined}
        errorTitle="Решение не сохранено"
        id={`${p}-result`}
      />
      <Csrf token={csrf} />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="id" value={id} />
      {hide ? <input type="hidden" name="decision" value="hide" /> : null}
      <Select
        name="reason"
        id={`${p}-reason`}
        label={`Причина ${hide ? 'снятия' : 'отклонения'} (из правил модерации)`}
        defaultValue=""
        placeholder="— выберите, если отклоняете —"
        options={moderationReasons.map((r) => ({ value: r.code, label: r.label }))}
      />
      <TextInput name="note" id={`${p}-note`} label="Пояснение (не обязательно)" maxLength={500} />
      {hide ? (
        <button type="submit">Снять с публикации</button>
      ) : (
        <p>
          <button type="submit" name="decision" value="publish">
            Опубликовать
          </button>{' '}
          <button type="submit" name="decision" value="reject">
            Отклонить
          </button>
        </p>
      )}
    </form>
  );
}

export default function Moderation({ loaderData, actionData }: Route.ComponentProps) {
  const { territory, reviews, replies, decided, done, csrfToken } = loaderData;
  const result = actionData as Answer | undefined;
  // The answer stands in the form that was sent; if that form is no longer on the page (the item was
  // decided meanwhile), or the post named no item, it leads the page so it is never lost.
  const formOnPage =
    result?.id != null &&
    (result.intent === 'reply'
      ? replies.some((r) => r.id === result.id)
      : result.intent === 'consent'
        ? decided.some((r) => r.id === result.id && r.displayName)
        : reviews.some((r) => r.id === result.id) ||
          decided.some((r) => r.id === result.id && r.status === 'published'));
  return (
    <section>
      <p>
        <a href={`/voice/t/${territory.id}`}>← Голос граждан: {territory.name}</a>
      </p>
      <h1>Модерация отзывов и ответов</h1>
      <p>
        Публикуйте или отклоняйте по <a href="/golos/pravila">опубликованным правилам</a>. Ничего не удаляется:
        отклонённые тексты остаются с причиной.
      </p>
      {/* After the redirect the item has left its queue, and its form with it: the answer leads the page. */}
      <SuccessMessage id="done">{done ? doneText[done] : null}</SuccessMessage>
      {result && !formOnPage ? <FormMessages result={result} errorTitle="Решение не сохранено" /> : null}
      <h2>Отзывы на модерации ({reviews.length})</h2>
      {reviews.length === 0 ? <p>Очередь пуста.</p> : null}
      {reviews.map((r) => (
        <article key={r.id} className="review" aria-labelledby={`rv-${r.id}`}>
          <h3 id={`rv-${r.id}`}>
            Отзыв № {r.id} — {r.organisation}, {r.subject}, {r.receivedOn} ({r.statusLabel})
          </h3>
          {r.flags.length > 0 ? (
            <p className="warn">
              <strong>Проверка нашла:</strong> {r.flags.join('; ')}.
            </p>
          ) : (
            <p>Автоматическая проверка ничего не нашла.</p>
          )}
          <blockquote className="text">{r.text}</blockquote>
          {r.ratings.length > 0 ? <p>Оценки: {r.ratings.join('; ')}</p> : null}
          <p>
            Имя:{' '}
            {r.displayName
              ? `${r.displayName} (есть отдельное согласие на распространение)`
              : 'не указано, отзыв анонимный'}
          </p>
          <DecisionForm kind="review" id={r.id} csrf={csrfToken} result={result} />
        </article>
      ))}
      <h2>Ответы организаций на модерации ({replies.length})</h2>
      {replies.length === 0 ? <p>Очередь пуста.</p> : null}
      {replies.map((r) => (
        <article key={r.id} className="review" aria-labelledby={`rp-${r.id}`}>
          <h3 id={`rp-${r.id}`}>
            Ответ на отзыв № {r.reviewId} — {r.organisation}, {r.createdOn} ({r.status})
          </h3>
          <p>Отзыв: «{r.reviewText}»</p>
          {r.flags.length > 0 ? (
            <p className="warn">
              <strong>Проверка нашла:</strong> {r.flags.join('; ')}.
            </p>
          ) : null}
          <blockquote className="text">{r.text}</blockquote>
          <DecisionForm kind="reply" id={r.id} csrf={csrfToken} result={result} />
        </article>
      ))}
      <h2>Рассмотренные отзывы (последние {decided.length})</h2>
      {decided.length === 0 ? (
        <p>Пока нет.</p>
      ) : (
        <TableScroll label="Таблица: рассмотренные отзывы">
          <table>
            <caption className="visually-hidden">Рассмотренные отзывы</caption>
            <thead>
              <tr>
                <th scope="col">№</th>
                <th scope="col">Организация</th>
                <th scope="col">Текст</th>
                <th scope="col">Решение</th>
                <th scope="col">Причина</th>
                <th scope="col">Действие</th>
              </tr>
            </thead>
            <tbody>
              {decided.map((r) => (
                <tr key={r.id}>
                  <td>{r.id}</td>
                  <td>{r.organisation}</td>
                  <td className="text">{r.text}</td>
                  <td>{r.statusLabel}</td>
                  <td>{r.reason ? `${r.reason}${r.reasonNote ? ` (${r.reasonNote})` : ''}` : '—'}</td>
                  <td>
                    {r.status === 'published' ? (
                      <DecisionForm kind="review" id={r.id} csrf={csrfToken} hide result={result} />
                    ) : (
                      '—'
                    )}
                    {r.displayName ? (
                      <form method="post">
                        <FormMessages
                          result={result?.intent === 'consent' && result.id === r.id ? result : undefined}
                          errorTitle="Решение не сохранено"
                          id={`consent-${r.id}-result`}
                        />
                        <Csrf token={csrfToken} />
                        <input type="hidden" name="kind" value="consent" />
                        <input type="hidden" name="id" value={r.id} />
                        <button type="submit">Отозвано согласие на имя «{r.displayName}»</button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
