import { Form, data } from 'react-router';
import { can } from '../../src/auth/policy';
import { territoryScope } from '../../src/auth/scope.server';
import { CampaignError, campaignCalendar, campaignDocumentsOf, campaignOrganisationList, getCampaign, recordCouncilDecision, setCampaignOrganisations, setOperatorReportDate, updateCampaign, updateStep } from '../../src/campaigns/campaigns.server';
import { MAX_DOCUMENT_BYTES } from '../../src/council/documents';
import { campaignStatusLabels } from '../../src/campaigns/status';
import { roleLabels, stepStatusLabels } from '../../src/campaigns/calendar';
import { formatRu, organisationsRu } from '../../src/campaigns/dates';
import { policiesSchema, roundingLabels, zeroDenominatorLabels } from '../../src/campaigns/policies';
import { stepStatuses } from '../../src/campaigns/status';
import { getTerritory } from '../../src/registry/organisations.server';
import { typeLabels } from '../../src/registry/validation';
import { requireCan } from '../server/guard';
import { Csrf, ErrorSummary } from '../ui/forms';
import { PolicyFields, policiesFromForm } from '../ui/policies';
import type { Route } from './+types/campaigns.detail';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `${d?.campaign.title ?? 'Кампания'} — НОКО` }];
}

async function load(context: Route.LoaderArgs['context'], request: Request, id: string) {
  const campaign = await getCampaign(context.db, id);
  const scope = campaign ? await territoryScope(context.db, campaign.territoryId) : null;
  const user = requireCan(context, request, 'campaign.view', scope);
  return { campaign: campaign!, scope: scope!, user };
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { campaign, scope, user } = await load(context, request, params.id);
  const territory = await getTerritory(context.db, campaign.territoryId);
  const list = await campaignOrganisationList(context.db, campaign);
  const calendar = await campaignCalendar(context.db, campaign);
  const documents = await campaignDocumentsOf(context.db, campaign.id);
  const mapEntry = (e: (typeof list.entries)[number]) => ({
    id: e.organisation.id,
    shortName: e.organisation.shortName,
    type: e.organisation.type,
    included: e.included,
    reason: e.inclusionReason,
    due: e.verdict.due,
    last: e.verdict.last ? { date: e.verdict.last.date, title: e.verdict.last.title } : null,
    tooSoon: e.verdict.tooSoon ? { date: e.verdict.tooSoon.date, title: e.verdict.tooSoon.title } : null,
  });
  return {
    campaign: { ...campaign, createdAt: campaign.createdAt.toISOString() },
    policies: policiesSchema.parse(campaign.policies),
    territoryName: territory?.name ?? '',
    entries: list.entries.map(mapEntry),
    dueLeftOut: list.dueLeftOut.map(mapEntry),
    tooSoonWithoutReason: list.tooSoonWithoutReason.map(mapEntry),
    calendar,
    documents: documents.map((d) => ({ id: d.id, fileName: d.fileName, size: d.size, uploadedAt: d.uploadedAt.toISOString() })),
    canEdit: can(user, 'campaign.edit', scope),
    canSiteAudit: can(user, 'siteAudit.view', scope),
    canDecide: can(user, 'campaign.decide', scope) || can(user, 'campaign.edit', scope),
    csrfToken: context.csrfToken,
  };
}

type ActionResult = { section: string; errors?: string[]; message?: string };

export async function action({ request, context, params }: Route.ActionArgs) {
  const { scope, user } = await load(context, request, params.id);
  const actor = { id: user.id, name: user.name };
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const text = (n: string) => String(form.get(n) ?? '').trim();
  const fail = (section: string, err: unknown) => {
    if (err instanceof CampaignError) return data<ActionResult>({ section, errors: [err.message, ...err.details] }, { status: 400 });
    throw err;
  };
  try {
    if (intent === 'decision') {
      if (!can(user, 'campaign.decide', scope) && !can(user, 'campaign.edit', scope)) requireCan(context, request, 'campaign.decide', scope);
      const file = form.get('document');
      let document = null;
      if (file && typeof file !== 'string' && file.size > 0) {
        if (file.size > MAX_DOCUMENT_BYTES) return data<ActionResult>({ section: 'decision', errors: [`Документ больше ${MAX_DOCUMENT_BYTES / 1024 / 1024} МБ.`] }, { status: 413 });
        document = { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
      }
      await recordCouncilDecision(context.db, { campaignId: params.id, number: text('number'), date: text('date'), document, dataDir: context.config.dataDir, actor });
      return data<ActionResult>({ section: 'decision', message: 'Решение совета сохранено.' });
    }
    requireCan(context, request, 'campaign.edit', scope);
    if (intent === 'settings') {
      const { policies, problems } = policiesFromForm(form);
      if (problems.length) return data<ActionResult>({ section: 'settings', errors: problems }, { status: 400 });
      await updateCampaign(context.db, params.id, { title: text('title'), status: text('status'), operatorName: text('operatorName'), operatorContract: text('operatorContract'), policies }, actor);
      return data<ActionResult>({ section: 'settings', message: 'Настройки сохранены.' });
    }
    if (intent === 'list') {
      const selected = form.getAll('org').map(String);
      await setCampaignOrganisations(context.db, params.id, selected.map((id) => ({ organisationId: id, reason: text(`reason-${id}`) || null })), actor);
      return data<ActionResult>({ section: 'list', message: `Перечень сохранён: ${organisationsRu(selected.length)}.` });
    }
    if (intent === 'report') {
      await setOperatorReportDate(context.db, params.id, text('operatorReportDate') || null, actor);
      return data<ActionResult>({ section: 'calendar', message: 'Дата отчёта оператора сохранена.' });
    }
    if (intent === 'step') {
      const status = text('status');
      if (!(stepStatuses as readonly string[]).includes(status)) return data<ActionResult>({ section: 'calendar', errors: ['Неизвестный статус шага.'] }, { status: 400 });
      await updateStep(context.db, { campaignId: params.id, stepId: text('stepId'), status: status as (typeof stepStatuses)[number], doneOn: text('doneOn') || null, plannedOn: text('plannedOn') || null, actor });
      return data<ActionResult>({ section: 'calendar', message: 'Шаг календаря сохранён.' });
    }
  } catch (err) {
    return fail(intent === 'decision' ? 'decision' : intent === 'list' ? 'list' : intent === 'settings' ? 'settings' : 'calendar', err);
  }
  return data<ActionResult>({ section: '', errors: ['Неизвестное действие.'] }, { status: 400 });
}

function Result({ result, section }: { result: ActionResult | undefined; section: string }) {
  if (!result || result.section !== section) return null;
  if (result.message) return <p className="notice" role="status">{result.message}</p>;
  return <ErrorSummary title="Не сохранено" items={result.errors ?? []} />;
}

export default function CampaignPage({ loaderData, actionData }: Route.ComponentProps) {
  const { campaign: c, policies, territoryName, entries, dueLeftOut, tooSoonWithoutReason, calendar, documents, canEdit, canDecide, csrfToken } = loaderData;
  const result = actionData as ActionResult | undefined;
  const included = entries.filter((e) => e.included);
  return (
    <section>
      <p><a href="/campaigns">← Все кампании</a></p>
      <h1>{c.title}</h1>
      <p>
        {territoryName}, {c.year} год. Этап: {campaignStatusLabels[c.status]}. Методика: {c.methodologyId}.{' '}
        <a href={`/c/${c.id}`}>Публичная страница</a>
        {loaderData.canSiteAudit ? (
          <>
            {' · '}
            <a href={`/campaigns/${c.id}/site-audit`}>Проверка сайтов</a>
          </>
        ) : null}
        {' · '}
        <a href={`/campaigns/${c.id}/survey`}>Опрос получателей услуг</a>
        {' · '}
        <a href={`/results/${c.id}`}>Расчёт и результаты</a>
      </p>

      <h2 id="clocks">Сроки по закону</h2>
      <ul className="clocks">
        {calendar.clocks.map((k) => (
          <li key={k.key} className={k.state === 'overdue' || k.state === 'missed' ? 'overdue' : undefined}>
            <strong>{k.title}</strong>: {k.deadline && k.state !== 'not_started' ? `срок — ${formatRu(k.deadline)}, ` : ''}
            {k.label}
          </li>
        ))}
      </ul>

      <h2 id="list">Перечень организаций ({organisationsRu(included.length)})</h2>
      <Result result={result} section="list" />
      {tooSoonWithoutReason.length ? (
        <div className="notice" role="note">
          <p>Оценивались меньше года назад, а причина повторной оценки не указана:</p>
          <ul>{tooSoonWithoutReason.map((e) => <li key={e.id}>{e.shortName}</li>)}</ul>
        </div>
      ) : null}
      {dueLeftOut.length ? (
        <div className="notice" role="note">
          <p>
            Подлежат оценке (не оценивались три года или ни разу), но не включены в перечень — {organisationsRu(dueLeftOut.length)}:
          </p>
          <ul>{dueLeftOut.map((e) => <li key={e.id}>{e.shortName}{e.last ? ` (последняя оценка: ${formatRu(e.last.date)})` : ' (ни разу не оценивалась)'}</li>)}</ul>
        </div>
      ) : (
        <p>Все организации, подлежащие оценке, включены в перечень.</p>
      )}
      <Form method="post" className="stack">
        <Csrf token={csrfToken} />
        <input type="hidden" name="intent" value="list" />
        <table>
          <caption className="visually-hidden">Организации территории и периодичность оценки</caption>
          <thead>
            <tr>
              <th scope="col">В перечне</th>
              <th scope="col">Организация</th>
              <th scope="col">Тип</th>
              <th scope="col">Последняя оценка</th>
              <th scope="col">Периодичность</th>
              <th scope="col">Причина повторной оценки</th>
              <th scope="col">Чек-листы экспертов</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} className={e.included && e.tooSoon && !e.reason ? 'overdue' : undefined}>
                <td>
                  <input type="checkbox" name="org" value={e.id} id={`org-${e.id}`} defaultChecked={e.included} disabled={!canEdit} aria-label={`Включить в перечень: ${e.shortName}`} />
                </td>
                <td><a href={`/registry/org/${e.id}`}>{e.shortName}</a></td>
                <td>{typeLabels[e.type]}</td>
                <td>{e.last ? `${formatRu(e.last.date)} (${e.last.title})` : 'не оценивалась'}</td>
                <td>
                  {e.tooSoon ? <span className="warn-text">оценивалась меньше года назад ({formatRu(e.tooSoon.date)}): нужна причина</span> : e.due ? <span>подлежит оценке</span> : <span>оценена в последние три года</span>}
                </td>
                <td>
                  {e.tooSoon ? (
                    <input name={`reason-${e.id}`} defaultValue={e.reason ?? ''} disabled={!canEdit} aria-label={`Причина повторной оценки: ${e.shortName}`} maxLength={500} />
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  {e.included ? <a href={`/campaigns/${c.id}/org/${e.id}/checklists`}>Чек-листы: {e.shortName}</a> : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {canEdit ? <p><button type="submit">Сохранить перечень</button></p> : null}
      </Form>

      <h2 id="decision">Решение общественного совета</h2>
      <Result result={result} section="decision" />
      <p>
        {c.councilDecisionNumber ? `№ ${c.councilDecisionNumber} от ${formatRu(c.councilDecisionDate)}` : 'Решение об утверждении перечня ещё не внесено.'}
      </p>
      {documents.length ? (
        <ul>
          {documents.map((d) => (
            <li key={d.id}><a href={`/c/${c.id}/document/${d.id}`}>{d.fileName}</a> ({Math.ceil(d.size / 1024)} КБ)</li>
          ))}
        </ul>
      ) : null}
      {canDecide ? (
        <Form method="post" encType="multipart/form-data" className="stack">
          <Csrf token={csrfToken} />
          <input type="hidden" name="intent" value="decision" />
          <label htmlFor="number">Номер решения</label>
          <input id="number" name="number" defaultValue={c.councilDecisionNumber ?? ''} required maxLength={100} />
          <label htmlFor="date">Дата решения</label>
          <input id="date" name="date" type="date" defaultValue={c.councilDecisionDate ?? ''} required />
          <label htmlFor="document">Документ (PDF, DOCX, ODT, JPG или PNG, до {MAX_DOCUMENT_BYTES / 1024 / 1024} МБ)</label>
          <input id="document" name="document" type="file" accept=".pdf,.docx,.odt,.jpg,.jpeg,.png" />
          <p><button type="submit">Сохранить решение</button></p>
        </Form>
      ) : null}

      <h2 id="calendar">Календарь кампании</h2>
      <Result result={result} section="calendar" />
      {canEdit ? (
        <Form method="post" className="inline-form">
          <Csrf token={csrfToken} />
          <input type="hidden" name="intent" value="report" />
          <label htmlFor="operatorReportDate">Дата отчёта оператора</label>
          <input id="operatorReportDate" name="operatorReportDate" type="date" defaultValue={c.operatorReportDate ?? ''} />{' '}
          <button type="submit">Сохранить дату</button>
        </Form>
      ) : (
        <p>Дата отчёта оператора: {c.operatorReportDate ? formatRu(c.operatorReportDate) : 'не внесена'}.</p>
      )}
      <table className="calendar">
        <caption className="visually-hidden">Шаги кампании</caption>
        <thead>
          <tr>
            <th scope="col">Шаг</th>
            <th scope="col">Ответственный</th>
            <th scope="col">Плановая дата</th>
            <th scope="col">Состояние</th>
            {canEdit ? <th scope="col">Отметить</th> : null}
          </tr>
        </thead>
        <tbody>
          {calendar.steps.map((s) => (
            <tr key={s.id} className={s.overdue ? 'overdue' : undefined}>
              <td>{s.title}</td>
              <td>{roleLabels[s.responsibleRole]}</td>
              <td>{formatRu(s.plannedOn) || '—'}</td>
              <td>
                {stepStatusLabels[s.status]}
                {s.doneOn ? ` ${formatRu(s.doneOn)}` : ''}
                {s.overdue ? <strong> — просрочен</strong> : null}
              </td>
              {canEdit ? (
                <td>
                  {s.key === 'operator_report' ? (
                    'через дату отчёта'
                  ) : (
                    <Form method="post" className="inline-form">
                      <Csrf token={csrfToken} />
                      <input type="hidden" name="intent" value="step" />
                      <input type="hidden" name="stepId" value={s.id} />
                      <select name="status" defaultValue={s.status} aria-label={`Состояние шага: ${s.title}`}>
                        {stepStatuses.map((st) => (
                          <option key={st} value={st}>{stepStatusLabels[st]}</option>
                        ))}
                      </select>{' '}
                      <input type="date" name="doneOn" defaultValue={s.doneOn ?? ''} aria-label={`Дата выполнения: ${s.title}`} />{' '}
                      <button type="submit" className="secondary">Сохранить</button>
                    </Form>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="settings">Настройки</h2>
      <Result result={result} section="settings" />
      <dl className="card">
        <div><dt>Оператор</dt><dd>{c.operatorName ?? '—'}{c.operatorContract ? `, договор ${c.operatorContract}` : ''}</dd></div>
        <div><dt>Нулевой знаменатель</dt><dd>{zeroDenominatorLabels[policies.zeroDenominator]}</dd></div>
        <div><dt>Округление</dt><dd>{roundingLabels[policies.rounding]}</dd></div>
        <div><dt>Минимум ответов</dt><dd>{policies.minN}</dd></div>
        <div><dt>Выборка</dt><dd>{Math.round(policies.sample.share * 100)}% получателей, не больше {policies.sample.cap}</dd></div>
        <div><dt>Словесные оценки</dt><dd>{policies.bands.map((b) => `от ${b.from} — ${b.label}`).join('; ')}</dd></div>
      </dl>
      {canEdit ? (
        <details>
          <summary>Изменить настройки</summary>
          <Form method="post" className="stack">
            <Csrf token={csrfToken} />
            <input type="hidden" name="intent" value="settings" />
            <label htmlFor="title">Название</label>
            <input id="title" name="title" defaultValue={c.title} required maxLength={300} />
            <label htmlFor="status">Этап</label>
            <select id="status" name="status" defaultValue={c.status}>
              {Object.entries(campaignStatusLabels).map(([k, v]) => (
                <option key={k} value={k}>{v}</option>
              ))}
            </select>
            <label htmlFor="operatorName">Оператор (организация)</label>
            <input id="operatorName" name="operatorName" defaultValue={c.operatorName ?? ''} maxLength={300} />
            <label htmlFor="operatorContract">Договор с оператором</label>
            <input id="operatorContract" name="operatorContract" defaultValue={c.operatorContract ?? ''} maxLength={300} />
            <PolicyFields policies={policies} />
            <p><button type="submit">Сохранить настройки</button></p>
          </Form>
        </details>
      ) : null}
    </section>
  );
}
