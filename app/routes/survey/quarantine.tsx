import { Form, Link, data, redirect } from 'react-router';
import { flagLabels } from '../../../src/survey/integrity';
import { linksOfCampaign } from '../../../src/survey/links.server';
import { questionnaireFor } from '../../../src/survey/questionnaire';
import { listQuarantine, reviewResponses } from '../../../src/survey/review.server';
import { SurveyError } from '../../../src/survey/submit.server';
import {
  Csrf,
  ErrorMessage,
  FormMessages,
  Radios,
  SuccessMessage,
  Textarea,
  type FieldErrors,
  type FormResult,
} from '../../ui/forms';
import { errorId, TableScroll } from '../../ui/controls';
import type { Route } from './+types/quarantine';
import { MODE_LABELS, compactAnswers, responsesRu, ruDateTime } from '../../ui/survey';
import { surveyCampaign } from './survey.server';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `Анкеты на проверке — ${d?.campaign.title ?? 'кампания'} — НОКО` }];
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { campaign } = await surveyCampaign(context, request, params.campaignId, 'survey.quarantine');
  const [list, links] = await Promise.all([
    listQuarantine(context.db, campaign.id),
    linksOfCampaign(context.db, campaign.id),
  ]);
  const names = new Map(links.map((l) => [l.organisationId, l.organisationShortName]));
  const questions = questionnaireFor(campaign.methodologyId).questions.length;
  const url = new URL(request.url);
  const decided = /^\d{1,6}$/.test(url.searchParams.get('decided') ?? '')
    ? Number(url.searchParams.get('decided'))
    : null;
  return {
    campaign: { id: campaign.id, title: campaign.title },
    responses: list.map((r) => ({
      id: r.id,
      organisation: names.get(r.organisationId) ?? '—',
      mode: MODE_LABELS[r.mode],
      submittedAt: ruDateTime(r.submittedAt),
      fillSeconds: r.fillSeconds,
      signals: r.flags.map((f) => flagLabels[f] ?? f),
      answers: compactAnswers(r.answers, questions),
    })),
    decided,
    decision: url.searchParams.get('decision') === 'exclude' ? ('exclude' as const) : ('release' as const),
    csrfToken: context.csrfToken,
  };
}

type Problem = { field: 'q-ids' | 'q-decision' | 'q-reason'; message: string };

type Answer = FormResult & { values: { ids: number[]; decision: string; reason: string } };

/** The kit's field errors: one text per field id, its problems in the order found. */
function byField(problems: Problem[]): FieldErrors {
  const out: Record<string, string> = {};
  for (const p of problems) out[p.field] = out[p.field] ? `${out[p.field]} ${p.message}` : p.message;
  return out;
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { campaign, user } = await surveyCampaign(context, request, params.campaignId, 'survey.quarantine');
  const form = await request.formData();
  const ids = form
    .getAll('ids')
    .map((v) => (typeof v === 'string' && /^\d{1,12}$/.test(v) ? Number(v) : NaN))
    .filter((n) => Number.isSafeInteger(n));
  const decision = form.get('decision');
  const reason = typeof form.get('reason') === 'string' ? String(form.get('reason')) : '';
  const problems: Problem[] = [];
  if (ids.length === 0) problems.push({ field: 'q-ids', message: 'Отметьте хотя бы одну анкету.' });
  if (decision !== 'release' && decision !== 'exclude')
    problems.push({ field: 'q-decision', message: 'Выберите решение: учесть или исключить.' });
  if (reason.trim().length < 3)
    problems.push({ field: 'q-reason', message: 'Укажите причину решения: она попадёт в журнал изменений.' });
  if (reason.length > 1000) problems.push({ field: 'q-reason', message: 'Причина — не длиннее 1000 знаков.' });
  const values = { ids, decision: typeof decision === 'string' ? decision : '', reason };
  if (problems.length > 0) return data<Answer>({ fieldErrors: byField(problems), values }, { status: 400 });
  try {
    const decided = await reviewResponses(context.db, {
      campaignId: campaign.id,
      ids,
      decision: decision as 'release' | 'exclude',
      reason,
      actor: { id: user.id, name: user.name },
    });
    return redirect(`/campaigns/${campaign.id}/survey/quarantine?decided=${decided}&decision=${String(decision)}`);
  } catch (err) {
    if (err instanceof SurveyError)
      return data<Answer>(
        { fieldErrors: byField(err.messages.map((message): Problem => ({ field: 'q-reason', message }))), values },
        { status: err.status },
      );
    throw err;
  }
}

export default function Quarantine({ loaderData, actionData }: Route.ComponentProps) {
  const { campaign, responses, decided, decision, csrfToken } = loaderData;
  const result = actionData as Answer | undefined;
  const values = result?.values;
  const error = (field: Problem['field']) => result?.fieldErrors?.[field] ?? undefined;
  return (
    <>
      <p>
        <Link to={`/campaigns/${campaign.id}/survey`}>← Ход опроса</Link>
      </p>
      <h1>Анкеты на проверке</h1>
      <p>
        Эти анкеты отложены автоматически по признакам накрутки и пока не учитываются. Совет решает по каждой: учесть
        или исключить. Решение и причина записываются в журнал изменений; исключённые анкеты не учитываются никогда.
      </p>
      {/* After a decision the decided rows leave the table (often all of them): the answer leads the page. */}
      {!result && decided !== null ? (
        <SuccessMessage id="decided">{`${decision === 'exclude' ? 'Исключено' : 'Учтено'}: ${responsesRu(decided)}.`}</SuccessMessage>
      ) : null}
      {responses.length === 0 ? (
        <p>Анкет на проверке нет.</p>
      ) : (
        <Form method="post">
          <FormMessages result={result} errorTitle="Решение не сохранено" />
          <Csrf token={csrfToken} />
          {/* The selection is the table's first column; a missing one is reported above it (the summary links here). */}
          <div className={error('q-ids') ? 'field field-error' : 'field'}>
            {error('q-ids') ? <ErrorMessage id="q-ids">{error('q-ids')}</ErrorMessage> : null}
            <TableScroll label="Таблица: анкеты на карантине">
              <table
                className="survey-table"
                id="q-ids"
                tabIndex={-1}
                aria-describedby={error('q-ids') ? errorId('q-ids') : undefined}
              >
                <caption>
                  На проверке: {responsesRu(responses.length)}. Ответы: 1 — да, 0 — нет, - — нет ответа, по порядку
                  вопросов.
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Выбрать</th>
                    <th scope="col">Организация</th>
                    <th scope="col">Получена</th>
                    <th scope="col">Способ</th>
                    <th scope="col">Заполнялась</th>
                    <th scope="col">Признаки</th>
                    <th scope="col">Ответы</th>
                  </tr>
                </thead>
                <tbody>
                  {responses.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <input
                          type="checkbox"
                          name="ids"
                          value={r.id}
                          id={`r-${r.id}`}
                          defaultChecked={values?.ids.includes(r.id)}
                        />
                        <label htmlFor={`r-${r.id}`}>Анкета № {r.id}</label>
                      </td>
                      <td>{r.organisation}</td>
                      <td>{r.submittedAt}</td>
                      <td>{r.mode}</td>
                      <td>{r.fillSeconds === null ? 'неизвестно' : `${r.fillSeconds} с`}</td>
                      <td>
                        <ul className="changes">
                          {r.signals.map((s) => (
                            <li key={s}>{s}</li>
                          ))}
                        </ul>
                      </td>
                      <td>
                        <code>{r.answers}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </div>
          <Radios
            name="decision"
            id="q-decision"
            legend="Решение по отмеченным анкетам"
            inline
            defaultValue={values?.decision}
            error={error('q-decision')}
            items={[
              { value: 'release', label: 'Учесть' },
              { value: 'exclude', label: 'Исключить' },
            ]}
          />
          <Textarea
            name="reason"
            id="q-reason"
            label="Причина решения (обязательно)"
            className="stack"
            required
            minLength={3}
            maxLength={1000}
            rows={3}
            defaultValue={values?.reason ?? ''}
            error={error('q-reason')}
          />
          <p>
            <button type="submit">Сохранить решение</button>
          </p>
        </Form>
      )}
    </>
  );
}
