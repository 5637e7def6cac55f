import { useEffect } from 'react';
import { Form, Link, data, redirect, useNavigation } from 'react-router';
import { ensureSurveyLinks, linksOfCampaign } from '../../../src/survey/links.server';
import { questionnaireFor } from '../../../src/survey/questionnaire';
import { enterOffline } from '../../../src/survey/respond.server';
import { SurveyError } from '../../../src/survey/submit.server';
import { getTallies } from '../../../src/survey/tallies.server';
import { MAX_SUGGESTION_CHARS } from '../../../src/survey/validate';
import {
  Csrf,
  ErrorSummary,
  errorItems,
  Select,
  SuccessMessage,
  Textarea,
  TextInput,
  type FormResult,
} from '../../ui/forms';
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
  // The kit's answer: one text per field id (a field's several problems in one), in the order found.
  const fail = (status: number, errors: { field: FieldId; message: string }[]) => {
    const fieldErrors: Record<string, string> = {};
    for (const e of errors)
      fieldErrors[e.field] = fieldErrors[e.field] ? `${fieldErrors[e.field]} ${e.message}` : e.message;
    return data<FormResult & { values: typeof values }>({ fieldErrors, values }, { status });
  };
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
  const fieldErrors = actionData?.fieldErrors ?? {};
  const errors = errorItems([], fieldErrors);
  const values = actionData?.values;
  const navigation = useNavigation();
  // After each save (or error) the cursor goes back where the next keystroke belongs: the answers, or the
  // summary (which focuses itself when it appears, but not when a second refusal replaces the first).
  useEffect(() => {
    if (errors.length > 0) document.getElementById('error-summary')?.focus();
    else document.getElementById('answers')?.focus();
  }, [saved, actionData, errors.length]);
  const errorFor = (field: string) => fieldErrors[field] ?? undefined;
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
        <ErrorSummary title="Анкета не сохранена" items={errors} id="error-summary" />
      ) : saved !== null ? (
        // Announced, not focused: the cursor stays in the answers for the next questionnaire.
        <SuccessMessage id="paper-saved" focus={false}>
          <p>
            <strong>Анкета № {saved} сохранена.</strong>
            {counts
              ? ` ${orgName}: введено вручную ${responsesRu(counts.offline)}, всего получено ${responsesRu(counts.received)}.`
              : ''}
          </p>
        </SuccessMessage>
      ) : counts ? (
        <p>
          {orgName}: введено вручную {responsesRu(counts.offline)}, всего получено {responsesRu(counts.received)}.
        </p>
      ) : null}

      <Form method="post" className="paper-form" key={saved ?? 'new'}>
        <Csrf token={csrfToken} />
        <div className="paper-row">
          <Select
            name="organisationId"
            id="paper-org"
            label="Организация"
            defaultValue={selectedOrg}
            error={errorFor('paper-org')}
            options={organisations.map((o) => ({ value: o.id, label: o.name }))}
          />
          <Select
            name="mode"
            id="paper-mode"
            label="Как получена анкета"
            defaultValue={selectedMode}
            error={errorFor('paper-mode')}
            options={OFFLINE_MODES.map((m) => ({ value: m, label: MODE_LABELS[m] }))}
          />
        </div>
        <TextInput
          name="answers"
          label={`Ответы на вопросы 1–${legend.length}, по знаку на вопрос`}
          hint="1 — да, 0 — нет, - — нет ответа. Пробелы в конце можно не ставить. Enter — сохранить."
          error={errorFor('answers')}
          className="paper-answers"
          autoFocus
          autoComplete="off"
          spellCheck={false}
          maxLength={40}
          defaultValue={values?.answers ?? ''}
          aria-describedby="legend-title"
        />
        <details
          className="paper-extra"
          open={Object.keys(fieldErrors).some((f) => !['answers', 'paper-org', 'paper-mode'].includes(f)) || undefined}
        >
          <summary>Профиль и предложения (если заполнены на бланке)</summary>
          {profile.map((p) => (
            <Select
              key={p.id}
              name={p.id}
              id={`paper-${p.id}`}
              label={p.text}
              defaultValue=""
              error={errorFor(`paper-${p.id}`)}
              placeholder="не указано"
              options={p.options.map((o) => ({ value: o.value, label: o.label }))}
            />
          ))}
          {textQuestion ? (
            <Textarea
              name={textQuestion.id}
              id="paper-text"
              label={textQuestion.text}
              maxLength={MAX_SUGGESTION_CHARS}
              rows={3}
              error={errorFor('paper-text')}
            />
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
