import { useEffect, useRef } from 'react';
import { Form, Link, data, redirect, useNavigation } from 'react-router';
import { ensureSurveyLinks, linksOfCampaign } from '../../../src/survey/links.server';
import { questionnaireFor } from '../../../src/survey/questionnaire';
import { enterOffline } from '../../../src/survey/respond.server';
import { SurveyError } from '../../../src/survey/submit.server';
import { getTallies } from '../../../src/survey/tallies.server';
import { MAX_SUGGESTION_CHARS } from '../../../src/survey/validate';
import { Csrf } from '../../ui/forms';
import type { Route } from './+types/paper';
import { MODE_LABELS, OFFLINE_MODES, responsesRu, type OfflineMode } from '../../ui/survey';
import { surveyCampaign } from './survey.server';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `Ввод бумажных анкет — ${d?.campaign.title ?? 'кампания'} — НОКО` }];
}

const isMode = (v: unknown): v is OfflineMode =>
  typeof v === 'string' && (OFFLINE_MODES as readonly string[]).includes(v);

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { campaign } = await surveyCampaign(context, request, params.campaignId, 'survey.paperEntry');
  await ensureSurveyLinks(context.db, campaign.id);
  const links = await linksOfCampaign(context.db, campaign.id);
  const url = new URL(request.url);
  // The organisation and mode of the previous questionnaire come back in the address after saving, so an
  // operator keying in a stack of forms for one school never re-selects them (works without JavaScript).
  const org =
    links.find((l) => l.organisationId === url.searchParams.get('org'))?.organisationId ??
    links[0]?.organisationId ??
    null;
  const modeParam = url.searchParams.get('mode');
  const mode: OfflineMode = isMode(modeParam) ? modeParam : 'paper';
  const saved = /^\d{1,12}$/.test(url.searchParams.get('saved') ?? '') ? Number(url.searchParams.get('saved')) : null;
  let counts: { received: number; offline: number } | null = null;
  if (org) {
    const [t] = await getTallies(context.db, campaign.id, org);
    counts = { received: t?.received ?? 0, offline: t ? t.modes.paper + t.modes.interview + t.modes.phone : 0 };
  }
  const q = questionnaireFor(campaign.methodologyId);
  return {
    campaign: { id: campaign.id, title: campaign.title, collecting: campaign.status === 'collecting' },
    organisations: links.map((l) => ({ id: l.organisationId, name: l.organisationShortName })),
    org,
    mode,
    saved,
    counts,
    legend: q.questions.map((x) => ({
      number: x.number,
      label: x.shortLabel,
      gatedBy: x.gatedBy ? (q.questions.find((g) => g.id === x.gatedBy)?.number ?? null) : null,
    })),
    textQuestion: q.textQuestion ? { id: q.textQuestion.id, text: q.textQuestion.text } : null,
    profile: q.profile,
    csrfToken: context.csrfToken,
  };
}

type FieldId = 'paper-org' | 'paper-mode' | 'answers' | 'paper-text' | `paper-${string}`;

export async function action({ request, context, params }: Route.ActionArgs) {
  const { campaign, user } = await surveyCampaign(context, request, params.campaignId, 'survey.paperEntry');
  const form = await request.formData();
  const str = (name: string) => {
    const v = form.get(name);
    return typeof v === 'string' ? v : '';
  };
  const values = { org: str('organisationId'), mode: str('mode'), answers: str('answers') };
  const fail = (status: number, errors: { field: FieldId; message: string }[]) => data({ errors, values }, { status });
  if (!isMode(values.mode))
    return fail(400, [
      { field: 'paper-mode', message: 'Выберите, как получена анкета: бумага, интервью или телефон.' },
    ]);
  if (!values.answers.trim())
    return fail(400, [
      { field: 'answers', message: 'Введите ответы: по одному знаку на вопрос (1 — да, 0 — нет, - — нет ответа).' },
    ]);
  const links = await linksOfCampaign(context.db, campaign.id);
  if (!links.some((l) => l.organisationId === values.org))
    return fail(400, [{ field: 'paper-org', message: 'Выберите организацию этой кампании.' }]);
  const q = questionnaireFor(campaign.methodologyId);
  const fields = new Map<string, string>([['answers', values.answers]]);
  for (const p of q.profile) if (str(p.id)) fields.set(p.id, str(p.id));
  if (q.textQuestion && str(q.textQuestion.id).trim()) fields.set(q.textQuestion.id, str(q.textQuestion.id));
  try {
    const r = await enterOffline(context.db, {
      campaignId: campaign.id,
      organisationId: values.org,
      mode: values.mode,
      fields,
      enteredBy: user.id,
    });
    return redirect(
      `/campaigns/${campaign.id}/survey/paper?org=${values.org}&mode=${values.mode}&saved=${r.responseId}`,
    );
  } catch (err) {
    if (!(err instanceof SurveyError)) throw err;
    return fail(
      err.status,
      err.messages.map((message) => ({
        message,
        field: message.startsWith('Предложения')
          ? 'paper-text'
          : ((): FieldId => {
              const p = q.profile.find((x) => message.startsWith(`«${x.text}»`));
              return p ? `paper-${p.id}` : 'answers';
            })(),
      })),
    );
  }
}

export default function PaperEntry({ loaderData, actionData }: Route.ComponentProps) {
  const { campaign, organisations, org, mode, saved, counts, legend, textQuestion, profile, csrfToken } = loaderData;
  const errors = actionData?.errors ?? [];
  const values = actionData?.values;
  const answersRef = useRef<HTMLInputElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const navigation = useNavigation();
  // After each save (or error) the cursor goes back where the next keystroke belongs.
  useEffect(() => {
    if (errors.length > 0) summaryRef.current?.focus();
    else answersRef.current?.focus();
  }, [saved, actionData, errors.length]);
  const errorFor = (field: string) => errors.filter((e) => e.field === field).map((e) => e.message);
  const answersErrors = errorFor('answers');
  const selectedOrg = values?.org || org || '';
  const selectedMode = values?.mode || mode;
  const orgName = organisations.find((o) => o.id === org)?.name ?? '';

  return (
    <>
      <p>
        <Link to={`/campaigns/${campaign.id}/survey`}>← Ход опроса</Link>
      </p>
      <h1>Ввод бумажных анкет</h1>
      {!campaign.collecting ? (
        <p className="warn-text">Кампания не в стадии сбора данных: анкеты сейчас не принимаются.</p>
      ) : null}
      {errors.length > 0 ? (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summaryRef} id="error-summary">
          <h2>Анкета не сохранена</h2>
          <ul>
            {errors.map((e, i) => (
              <li key={i}>
                <a href={`#${e.field}`}>{e.message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : saved !== null ? (
        <p className="notice" role="status">
          <strong>Анкета № {saved} сохранена.</strong>
          {counts
            ? ` ${orgName}: введено вручную ${responsesRu(counts.offline)}, всего получено ${responsesRu(counts.received)}.`
            : ''}
        </p>
      ) : counts ? (
        <p>
          {orgName}: введено вручную {responsesRu(counts.offline)}, всего получено {responsesRu(counts.received)}.
        </p>
      ) : null}

      <Form method="post" className="paper-form" key={saved ?? 'new'}>
        <Csrf token={csrfToken} />
        <div className="paper-row">
          <p>
            <label htmlFor="paper-org">Организация</label>
            <select
              id="paper-org"
              name="organisationId"
              defaultValue={selectedOrg}
              aria-invalid={errorFor('paper-org').length > 0 || undefined}
            >
              {organisations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label htmlFor="paper-mode">Как получена анкета</label>
            <select
              id="paper-mode"
              name="mode"
              defaultValue={selectedMode}
              aria-invalid={errorFor('paper-mode').length > 0 || undefined}
            >
              {OFFLINE_MODES.map((m) => (
                <option key={m} value={m}>
                  {MODE_LABELS[m]}
                </option>
              ))}
            </select>
          </p>
        </div>
        <p>
          <label htmlFor="answers">Ответы на вопросы 1–{legend.length}, по знаку на вопрос</label>
          <span className="hint" id="answers-hint">
            1 — да, 0 — нет, - — нет ответа. Пробелы в конце можно не ставить. Enter — сохранить.
          </span>
          {answersErrors.length > 0 ? (
            <span className="error" id="answers-error">
              {answersErrors.join(' ')}
            </span>
          ) : null}
          <input
            ref={answersRef}
            id="answers"
            name="answers"
            className="paper-answers"
            autoFocus
            autoComplete="off"
            spellCheck={false}
            maxLength={40}
            defaultValue={values?.answers ?? ''}
            aria-describedby={`answers-hint legend-title${answersErrors.length ? ' answers-error' : ''}`}
            aria-invalid={answersErrors.length > 0 || undefined}
          />
        </p>
        <details
          className="paper-extra"
          open={errors.some((e) => !['answers', 'paper-org', 'paper-mode'].includes(e.field)) || undefined}
        >
          <summary>Профиль и предложения (если заполнены на бланке)</summary>
          {profile.map((p) => (
            <p key={p.id}>
              <label htmlFor={`paper-${p.id}`}>{p.text}</label>
              <select id={`paper-${p.id}`} name={p.id} defaultValue="">
                <option value="">не указано</option>
                {p.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </p>
          ))}
          {textQuestion ? (
            <p>
              <label htmlFor="paper-text">{textQuestion.text}</label>
              <textarea
                id="paper-text"
                name={textQuestion.id}
                maxLength={MAX_SUGGESTION_CHARS}
                rows={3}
                aria-invalid={errorFor('paper-text').length > 0 || undefined}
              />
            </p>
          ) : null}
        </details>
        <p>
          <button type="submit" disabled={navigation.state === 'submitting'}>
            Сохранить анкету
          </button>
        </p>
      </Form>

      <section aria-labelledby="legend-title" className="paper-legend">
        <h2 id="legend-title">Порядок вопросов</h2>
        <ol>
          {legend.map((l) => (
            <li key={l.number} value={l.number}>
              {l.label}
              {l.gatedBy !== null ? (
                <span className="muted"> (только если на вопрос {l.gatedBy} ответ «да», иначе -)</span>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
