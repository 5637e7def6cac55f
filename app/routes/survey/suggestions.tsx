import { Form, Link, data, redirect } from 'react-router';
import { formatRu } from '../../../src/campaigns/dates';
import { linksOfCampaign } from '../../../src/survey/links.server';
import { listSuggestions, moderateSuggestion } from '../../../src/survey/review.server';
import { SurveyError } from '../../../src/survey/submit.server';
import { MAX_SUGGESTION_CHARS } from '../../../src/survey/validate';
import { Csrf, FormMessages, SuccessMessage, Textarea, type FormResult } from '../../ui/forms';
import type { Route } from './+types/suggestions';
import { surveyCampaign } from './survey.server';
import { pluralRu } from '../../../src/campaigns/dates';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `Предложения на модерации — ${d?.campaign.title ?? 'кампания'} — НОКО` }];
}

const suggestionsRu = (n: number) =>
  `${n} ${pluralRu(n, { one: 'предложение', few: 'предложения', many: 'предложений' })}`;

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { campaign } = await surveyCampaign(context, request, params.campaignId, 'survey.moderate');
  const [pending, approved, links] = await Promise.all([
    listSuggestions(context.db, campaign.id, { status: 'pending', limit: 100 }),
    listSuggestions(context.db, campaign.id, { status: 'approved', limit: 500 }),
    linksOfCampaign(context.db, campaign.id),
  ]);
  const names = new Map(links.map((l) => [l.organisationId, l.organisationShortName]));
  const done = new URL(request.url).searchParams.get('done');
  return {
    campaign: { id: campaign.id, title: campaign.title },
    pending: pending.map((s) => ({
      id: s.id,
      organisation: names.get(s.organisationId) ?? '—',
      text: s.text,
      receivedOn: formatRu(s.receivedOn),
    })),
    approved: approved.map((s) => ({
      id: s.id,
      organisation: names.get(s.organisationId) ?? '—',
      text: s.moderatedText ?? '',
      receivedOn: formatRu(s.receivedOn),
    })),
    done: done === 'approve' || done === 'reject' ? done : null,
    csrfToken: context.csrfToken,
  };
}

/** An answer about one suggestion's form (`id`); without an id, or for one no longer waiting, the page's. */
type Answer = FormResult & { id: number | null };

export async function action({ request, context, params }: Route.ActionArgs) {
  const { campaign, user } = await surveyCampaign(context, request, params.campaignId, 'survey.moderate');
  const form = await request.formData();
  const id = Number(String(form.get('id') ?? ''));
  const decision = form.get('decision');
  const text = typeof form.get('text') === 'string' ? String(form.get('text')) : '';
  if (decision !== 'approve' && decision !== 'reject')
    return data<Answer>({ errors: ['Выберите: одобрить или отклонить.'], id: null }, { status: 400 });
  if (text.length > MAX_SUGGESTION_CHARS)
    return data<Answer>(
      { fieldErrors: { [`s-${id}-text`]: `Текст — не длиннее ${MAX_SUGGESTION_CHARS} знаков.` }, id },
      { status: 400 },
    );
  // The id comes from the form: it must name a waiting suggestion of THIS campaign, whose scope was checked.
  const pending = await listSuggestions(context.db, campaign.id, { status: 'pending', limit: 100_000 });
  if (!Number.isSafeInteger(id) || !pending.some((s) => s.id === id)) {
    return data<Answer>({ errors: ['Предложение не найдено или уже рассмотрено.'], id: null }, { status: 404 });
  }
  try {
    await moderateSuggestion(context.db, {
      campaignId: campaign.id,
      id,
      decision,
      text,
      actor: { id: user.id, name: user.name },
    });
  } catch (err) {
    // A refused text (approval without one) is the text field's problem; anything else is the form's.
    if (err instanceof SurveyError)
      return data<Answer>(
        err.status === 400
          ? { fieldErrors: { [`s-${id}-text`]: err.messages.join(' ') }, id }
          : { errors: err.messages, id },
        { status: err.status },
      );
    throw err;
  }
  return redirect(`/campaigns/${campaign.id}/survey/suggestions?done=${decision}`);
}

export default function Suggestions({ loaderData, actionData }: Route.ComponentProps) {
  const { campaign, pending, approved, done, csrfToken } = loaderData;
  const result = actionData as Answer | undefined;
  const answerFor = (id: number) => (result && result.id === id ? result : undefined);
  const formOnPage = result?.id != null && pending.some((s) => s.id === result.id);
  return (
    <>
      <p>
        <Link to={`/campaigns/${campaign.id}/survey`}>← Ход опроса</Link>
      </p>
      <h1>Предложения на модерации</h1>
      <p>
        Предложения из анкет видят только совет и оператор. Другим сотрудникам показывается лишь одобренный текст после
        правки: уберите имена, телефоны, оскорбления и всё, по чему можно узнать человека. Публично предложения не
        показываются.
      </p>
      {result && !formOnPage ? <FormMessages result={result} errorTitle="Решение не сохранено" /> : null}
      <SuccessMessage id="done">
        {done ? (done === 'approve' ? 'Предложение одобрено.' : 'Предложение отклонено.') : null}
      </SuccessMessage>
      <h2>Ждут решения: {suggestionsRu(pending.length)}</h2>
      {pending.length === 0 ? <p>Новых предложений нет.</p> : null}
      {pending.map((s) => (
        <Form method="post" key={s.id} className="suggestion stack" aria-labelledby={`s-${s.id}-title`}>
          <h3 id={`s-${s.id}-title`}>
            № {s.id}, {s.organisation}, {s.receivedOn}
          </h3>
          <blockquote className="suggestion-raw">{s.text}</blockquote>
          <FormMessages result={answerFor(s.id)} errorTitle="Решение не сохранено" id={`s-${s.id}-result`} />
          <Csrf token={csrfToken} />
          <input type="hidden" name="id" value={s.id} />
          <Textarea
            name="text"
            id={`s-${s.id}-text`}
            label="Текст после правки (его увидят сотрудники)"
            rows={3}
            maxLength={MAX_SUGGESTION_CHARS}
            defaultValue={s.text}
            error={answerFor(s.id)?.fieldErrors?.[`s-${s.id}-text`]}
          />
          <p>
            <button type="submit" name="decision" value="approve">
              Одобрить
            </button>{' '}
            <button type="submit" name="decision" value="reject">
              Отклонить
            </button>
          </p>
        </Form>
      ))}
      {approved.length > 0 ? (
        <section aria-labelledby="approved-title">
          <h2 id="approved-title">Одобрено: {suggestionsRu(approved.length)}</h2>
          <ul>
            {approved.map((s) => (
              <li key={s.id}>
                {s.organisation}, {s.receivedOn}: {s.text}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
