import { Form, data } from 'react-router';
import { can } from '../../../src/auth/policy';
import { territoryScope } from '../../../src/auth/scope.server';
import { campaignCalendar, updateStep } from '../../../src/campaigns/calendar.server';
import { closeCampaign, getCampaign, updateCampaign } from '../../../src/campaigns/campaigns.server';
import { collectedData, deleteCampaign } from '../../../src/campaigns/deletion.server';
import { CampaignError } from '../../../src/campaigns/errors';
import { CampaignEventError, recordCampaignEvent } from '../../../src/campaigns/events.server';
import { campaignOrganisationList, setCampaignOrganisations } from '../../../src/campaigns/organisation-list.server';
import { campaignDocumentsOf } from '../../../src/council/decision-documents.server';
import { recordCouncilDecision } from '../../../src/council/list-decision.server';
import { MAX_DOCUMENT_BYTES } from '../../../src/council/documents';
import { campaignEventKinds, campaignStatusLabels, type CampaignEventKind } from '../../../src/campaigns/status';
import { eventLabels, roleLabels, stepStateLabels, stepStatusLabels } from '../../../src/campaigns/calendar';
import { formatRu, organisationsRu, todayIso } from '../../../src/campaigns/dates';
import { policiesSchema, roundingLabels, zeroDenominatorLabels } from '../../../src/campaigns/policies';
import { stepStatuses } from '../../../src/campaigns/status';
import { getTerritory } from '../../../src/registry/organisations.server';
import { bandRule } from '../../../src/methodology/bands';
import { typeLabels } from '../../../src/registry/validation';
import { redirect } from 'react-router';
import { requireCan } from '../../server/guard';
import { councilOfTerritory } from '../../../src/council/council.server';
import { campaignCriteria } from '../../../src/council/criteria.server';
import { AdditionalCriteria, publicCriteriaView } from '../council/additional-criteria';
import {
  Checkboxes,
  Csrf,
  DateInput,
  ErrorSummary,
  FileUpload,
  Select,
  SuccessMessage,
  TextInput,
} from '../../ui/forms';
import { PolicyFields, policiesFromForm } from '../../ui/policies';
import type { Route } from './+types/detail';
import { DocumentLinks } from '../downloads/links';

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
  const collected = await collectedData(context.db, campaign.id);
  const canEditEvents = can(user, 'campaign.edit', scope);
  const canCouncilEvents = canEditEvents || can(user, 'campaign.decide', scope);
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
    calendar: { clocks: calendar.clocks, steps: calendar.steps },
    documents: documents.map((d) => ({
      id: d.id,
      fileName: d.fileName,
      size: d.size,
      uploadedAt: d.uploadedAt.toISOString(),
    })),
    canEdit: can(user, 'campaign.edit', scope),
    // The council records its own decision on results; everything else is the authority's record.
    eventEditable: Object.fromEntries(
      campaignEventKinds.map((k) => [
        k,
        k === 'list_approved' ? false : k === 'council_results_adopted' ? canCouncilEvents : canEditEvents,
      ]),
    ) as Record<CampaignEventKind, boolean>,
    events: calendar.events.map((e) => ({
      kind: e.kind,
      occurredOn: e.occurredOn,
      document: e.document,
      recordedBy: e.recordedBy,
      source: e.source,
    })),
    today: todayIso(),
    canDelete:
      can(user, 'campaign.delete', scope) &&
      collected.responses + collected.checklistAnswers + collected.siteAudits + collected.resultVersions === 0,
    canClose: canEditEvents && campaign.status === 'published',
    canSiteAudit: can(user, 'siteAudit.view', scope),
    canBusGov: can(user, 'results.publish', scope),
    canDecide: can(user, 'campaign.decide', scope) || can(user, 'campaign.edit', scope),
    // Only roles that may open the council's page get the link to it (an operator may not).
    councilId: can(user, 'council.view', scope)
      ? ((await councilOfTerritory(context.db, campaign.territoryId))?.id ?? null)
      : null,
    // The council's additional criteria: shown apart, never in the score (decision 0074).
    criteria: publicCriteriaView(await campaignCriteria(context.db, campaign.id)),
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
    if (err instanceof CampaignError)
      return data<ActionResult>({ section, errors: [err.message, ...err.details] }, { status: 400 });
    throw err;
  };
  try {
    if (intent === 'decision') {
      if (!can(user, 'campaign.decide', scope) && !can(user, 'campaign.edit', scope))
        requireCan(context, request, 'campaign.decide', scope);
      const file = form.get('document');
      let document = null;
      if (file && typeof file !== 'string' && file.size > 0) {
        if (file.size > MAX_DOCUMENT_BYTES)
          return data<ActionResult>(
            { section: 'decision', errors: [`Документ больше ${MAX_DOCUMENT_BYTES / 1024 / 1024} МБ.`] },
            { status: 413 },
          );
        document = { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
      }
      await recordCouncilDecision(context.db, {
        campaignId: params.id,
        number: text('number'),
        date: text('date'),
        document,
        dataDir: context.config.dataDir,
        actor,
      });
      return data<ActionResult>({ section: 'decision', message: 'Решение совета сохранено.' });
    }
    if (intent === 'event') {
      const kind = text('kind') as CampaignEventKind;
      if (!(campaignEventKinds as readonly string[]).includes(kind) || kind === 'list_approved')
        return data<ActionResult>({ section: 'events', errors: ['Неизвестное событие.'] }, { status: 400 });
      if (kind === 'council_results_adopted') {
        if (!can(user, 'campaign.decide', scope)) requireCan(context, request, 'campaign.edit', scope);
      } else requireCan(context, request, 'campaign.edit', scope);
      try {
        await recordCampaignEvent(context.db, {
          campaignId: params.id,
          kind,
          occurredOn: text('occurredOn'),
          document: text('document') || null,
          actor,
        });
      } catch (err) {
        if (err instanceof CampaignEventError)
          return data<ActionResult>(
            { section: 'events', errors: ['Событие не записано.', err.message] },
            { status: 400 },
          );
        throw err;
      }
      return data<ActionResult>({
        section: 'events',
        message: `Записано: ${eventLabels[kind].toLowerCase()}, ${formatRu(text('occurredOn'))}.`,
      });
    }
    if (intent === 'delete') {
      requireCan(context, request, 'campaign.delete', scope);
      if (text('confirm') !== 'yes')
        return data<ActionResult>(
          { section: 'danger', errors: ['Отметьте, что кампанию нужно удалить.'] },
          { status: 400 },
        );
      await deleteCampaign(context.db, params.id, actor);
      return redirect('/campaigns');
    }
    requireCan(context, request, 'campaign.edit', scope);
    if (intent === 'close') {
      await closeCampaign(context.db, params.id, actor);
      return data<ActionResult>({ section: 'events', message: 'Кампания завершена.' });
    }
    if (intent === 'settings') {
      const { policies, problems } = policiesFromForm(form);
      if (problems.length) return data<ActionResult>({ section: 'settings', errors: problems }, { status: 400 });
      await updateCampaign(
        context.db,
        params.id,
        {
          title: text('title'),
          operatorName: text('operatorName'),
          operatorContract: text('operatorContract'),
          policies,
        },
        actor,
      );
      return data<ActionResult>({ section: 'settings', message: 'Настройки сохранены.' });
    }
    if (intent === 'list') {
      const selected = form.getAll('org').map(String);
      await setCampaignOrganisations(
        context.db,
        params.id,
        selected.map((id) => ({ organisationId: id, reason: text(`reason-${id}`) || null })),
        actor,
      );
      return data<ActionResult>({
        section: 'list',
        message: `Перечень сохранён: ${organisationsRu(selected.length)}.`,
      });
    }
    if (intent === 'step') {
      const status = text('status');
      if (!(stepStatuses as readonly string[]).includes(status))
        return data<ActionResult>({ section: 'calendar', errors: ['Неизвестный статус шага.'] }, { status: 400 });
      await updateStep(context.db, {
        campaignId: params.id,
        stepId: text('stepId'),
        status: status as (typeof stepStatuses)[number],
        doneOn: text('doneOn') || null,
        plannedOn: text('plannedOn') || null,
        actor,
      });
      return data<ActionResult>({ section: 'calendar', message: 'Шаг календаря сохранён.' });
    }
  } catch (err) {
    return fail(
      intent === 'decision'
        ? 'decision'
        : intent === 'list'
          ? 'list'
          : intent === 'settings'
            ? 'settings'
            : intent === 'delete'
              ? 'danger'
              : intent === 'close'
                ? 'events'
                : 'calendar',
      err,
    );
  }
  return data<ActionResult>({ section: '', errors: ['Неизвестное действие.'] }, { status: 400 });
}

/** A section's answer, at the top of its form: focused on arrival, so the browser scrolls to it. */
function Result({ result, section }: { result: ActionResult | undefined; section: string }) {
  if (!result || result.section !== section) return null;
  if (result.message) return <SuccessMessage id={`${section}-ok`}>{result.message}</SuccessMessage>;
  return <ErrorSummary title="Не сохранено" items={result.errors ?? []} id={`${section}-errors`} />;
}

export default function CampaignPage({ loaderData, actionData }: Route.ComponentProps) {
  const {
    campaign: c,
    policies,
    territoryName,
    entries,
    dueLeftOut,
    tooSoonWithoutReason,
    calendar,
    documents,
    canEdit,
    canDecide,
    csrfToken,
    events,
    eventEditable,
    today,
  } = loaderData;
  const eventOf = (k: CampaignEventKind) => events.find((e) => e.kind === k);
  const result = actionData as ActionResult | undefined;
  const included = entries.filter((e) => e.included);
  return (
    <section>
      <p>
        <a href="/campaigns">← Все кампании</a>
      </p>
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
            <strong>{k.title}</strong>: {k.deadline && k.state !== 'waiting' ? `срок — ${formatRu(k.deadline)}, ` : ''}
            {k.label}
            {k.startsOn && k.computed ? (
              <>
                <br />
                <small>
                  {`Отсчёт от ${formatRu(k.startsOn)}: ${k.computed.ruleText}; ${k.computed.calendar}.`}
                  {k.computed.due !== k.computed.nominal
                    ? ` ${formatRu(k.computed.nominal)} — нерабочий день, срок перенесён.`
                    : ''}
                </small>
              </>
            ) : null}
            {k.preliminary ? <strong className="warn-text"> {k.preliminary}</strong> : null}
          </li>
        ))}
      </ul>
      <DocumentLinks
        campaignId={c.id}
        heading={null}
        csrfToken={csrfToken}
        items={[
          { kind: 'deadlines', title: 'Лист всех сроков кампании с правилами и состоянием', formats: ['xlsx', 'pdf'] },
          ...(loaderData.canBusGov
            ? [
                {
                  kind: 'busgov',
                  title: 'Пакет для bus.gov.ru (таблицы по формам ввода и PDF)',
                  formats: ['zip'] as const,
                  job: true,
                  note: 'Собирается в фоне из опубликованной версии результатов; ход сборки виден на странице задания.',
                },
              ]
            : []),
        ]}
      />

      <h2 id="list">Перечень организаций ({organisationsRu(included.length)})</h2>
      {tooSoonWithoutReason.length ? (
        <div className="notice" role="note">
          <p>Оценивались меньше года назад, а причина повторной оценки не указана:</p>
          <ul>
            {tooSoonWithoutReason.map((e) => (
              <li key={e.id}>{e.shortName}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {dueLeftOut.length ? (
        <div className="notice" role="note">
          <p>
            Подлежат оценке (не оценивались три года или ни разу), но не включены в перечень —{' '}
            {organisationsRu(dueLeftOut.length)}:
          </p>
          <ul>
            {dueLeftOut.map((e) => (
              <li key={e.id}>
                {e.shortName}
                {e.last ? ` (последняя оценка: ${formatRu(e.last.date)})` : ' (ни разу не оценивалась)'}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p>Все организации, подлежащие оценке, включены в перечень.</p>
      )}
      <Form method="post" className="stack">
        <Result result={result} section="list" />
        <Csrf token={csrfToken} />
        <input type="hidden" name="intent" value="list" />
        <div className="table-scroll" role="region" aria-label="Организации территории" tabIndex={0}>
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
                    <input
                      type="checkbox"
                      name="org"
                      value={e.id}
                      id={`org-${e.id}`}
                      defaultChecked={e.included}
                      disabled={!canEdit}
                      aria-label={`Включить в перечень: ${e.shortName}`}
                    />
                  </td>
                  <td>
                    <a href={`/registry/org/${e.id}`}>{e.shortName}</a>
                  </td>
                  <td>{typeLabels[e.type]}</td>
                  <td>{e.last ? `${formatRu(e.last.date)} (${e.last.title})` : 'не оценивалась'}</td>
                  <td>
                    {e.tooSoon ? (
                      <span className="warn-text">
                        оценивалась меньше года назад ({formatRu(e.tooSoon.date)}): нужна причина
                      </span>
                    ) : e.due ? (
                      <span>подлежит оценке</span>
                    ) : (
                      <span>оценена в последние три года</span>
                    )}
                  </td>
                  <td>
                    {e.tooSoon ? (
                      <input
                        name={`reason-${e.id}`}
                        defaultValue={e.reason ?? ''}
                        disabled={!canEdit}
                        aria-label={`Причина повторной оценки: ${e.shortName}`}
                        maxLength={500}
                      />
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    {e.included ? (
                      <a href={`/campaigns/${c.id}/org/${e.id}/checklists`}>Чек-листы: {e.shortName}</a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {canEdit ? (
          <p>
            <button type="submit">Сохранить перечень</button>
          </p>
        ) : null}
      </Form>

      <h2 id="decision">Решение общественного совета</h2>
      {canDecide ? null : <Result result={result} section="decision" />}
      {loaderData.councilId ? (
        <p>
          Решения совета принимаются на заседаниях:{' '}
          <a href={`/council/${loaderData.councilId}/campaigns/${c.id}`}>
            решения совета, сроки и предложения по этой кампании
          </a>
          . Здесь вносится решение о перечне, принятое без протокола в НОКО.
        </p>
      ) : null}
      <p>
        {c.councilDecisionNumber
          ? `№ ${c.councilDecisionNumber} от ${formatRu(c.councilDecisionDate)}`
          : 'Решение об утверждении перечня ещё не внесено.'}
      </p>
      {documents.length ? (
        <ul>
          {documents.map((d) => (
            <li key={d.id}>
              <a href={`/c/${c.id}/document/${d.id}`}>{d.fileName}</a> ({Math.ceil(d.size / 1024)} КБ)
            </li>
          ))}
        </ul>
      ) : null}
      {canDecide ? (
        <Form method="post" encType="multipart/form-data" className="stack">
          <Result result={result} section="decision" />
          <Csrf token={csrfToken} />
          <input type="hidden" name="intent" value="decision" />
          <TextInput
            name="number"
            label="Номер решения"
            defaultValue={c.councilDecisionNumber ?? ''}
            required
            maxLength={100}
          />
          <DateInput name="date" label="Дата решения" defaultValue={c.councilDecisionDate ?? ''} required />
          <FileUpload
            name="document"
            label={`Документ (PDF, DOCX, ODT, JPG или PNG, до ${MAX_DOCUMENT_BYTES / 1024 / 1024} МБ)`}
            accept=".pdf,.docx,.odt,.jpg,.jpeg,.png"
          />
          <p>
            <button type="submit">Сохранить решение</button>
          </p>
        </Form>
      ) : null}

      <AdditionalCriteria c={loaderData.criteria} />

      <h2 id="events">События кампании</h2>
      <p>
        Сроки и этап кампании считаются от этих событий. Дату берут из документа (сопроводительное письмо, решение,
        акт); будущую дату записать нельзя.
      </p>
      <Result result={result} section="events" />
      <div className="table-scroll" role="region" aria-label="События кампании" tabIndex={0}>
        <table>
          <caption className="visually-hidden">События кампании и их даты</caption>
          <thead>
            <tr>
              <th scope="col">Событие</th>
              <th scope="col">Дата и документ</th>
              <th scope="col">Записать или исправить</th>
            </tr>
          </thead>
          <tbody>
            {campaignEventKinds.map((k) => {
              const e = eventOf(k);
              return (
                <tr key={k}>
                  <th scope="row">{eventLabels[k]}</th>
                  <td>
                    {e
                      ? `${formatRu(e.occurredOn)}${e.document ? `, ${e.document}` : ''} (записал: ${e.recordedBy ?? '—'})`
                      : 'ещё не произошло'}
                  </td>
                  <td>
                    {eventEditable[k] ? (
                      <Form method="post" className="inline-form">
                        <Csrf token={csrfToken} />
                        <input type="hidden" name="intent" value="event" />
                        <input type="hidden" name="kind" value={k} />
                        <DateInput
                          name="occurredOn"
                          id={`ev-${k}`}
                          label={<span className="visually-hidden">{`Дата: ${eventLabels[k]}`}</span>}
                          max={today}
                          defaultValue={e?.occurredOn ?? ''}
                          required
                        />{' '}
                        <TextInput
                          name="document"
                          id={`doc-${k}`}
                          label={<span className="visually-hidden">{`Документ: ${eventLabels[k]}`}</span>}
                          placeholder="документ, №"
                          defaultValue={e?.document ?? ''}
                          maxLength={300}
                        />{' '}
                        <button type="submit" className="secondary">
                          {e ? 'Исправить дату' : 'Записать'}
                        </button>
                      </Form>
                    ) : k === 'list_approved' ? (
                      <a href="#decision">через решение совета</a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {loaderData.canClose ? (
        <Form method="post">
          <Csrf token={csrfToken} />
          <input type="hidden" name="intent" value="close" />
          <p>
            <button type="submit" className="secondary">
              Завершить кампанию
            </button>
          </p>
        </Form>
      ) : null}

      <h2 id="calendar">Календарь кампании</h2>
      <Result result={result} section="calendar" />
      <div className="table-scroll" role="region" aria-label="Шаги кампании" tabIndex={0}>
        <table className="calendar">
          <caption className="visually-hidden">Шаги кампании</caption>
          <thead>
            <tr>
              <th scope="col">Шаг</th>
              <th scope="col">Ответственный</th>
              <th scope="col">Срок</th>
              <th scope="col">Состояние</th>
              {canEdit ? <th scope="col">Отметить</th> : null}
            </tr>
          </thead>
          <tbody>
            {calendar.steps.map((s) => (
              <tr key={s.id} className={s.overdue ? 'overdue' : undefined}>
                <td>{s.title}</td>
                <td>{roleLabels[s.responsibleRole]}</td>
                <td>
                  {s.state === 'done' || s.state === 'skipped'
                    ? '—'
                    : formatRu(s.dueOn) ||
                      (s.key === 'council_results' || s.key === 'authority_measures'
                        ? 'месяц со дня события'
                        : 'не назначен')}
                </td>
                <td>
                  {s.state === 'overdue' ? <strong>{stepStateLabels[s.state]}</strong> : stepStateLabels[s.state]}
                  {s.doneOn ? ` ${formatRu(s.doneOn)}` : ''}
                  {s.state === 'waiting' && s.waitingFor.length ? (
                    <small>{` (пока не выполнено: ${s.waitingFor.join('; ').toLowerCase()})`}</small>
                  ) : null}
                </td>
                {canEdit ? (
                  <td>
                    {s.event ? (
                      <a href="#events">через событие</a>
                    ) : (
                      <Form method="post" className="inline-form">
                        <Csrf token={csrfToken} />
                        <input type="hidden" name="intent" value="step" />
                        <input type="hidden" name="stepId" value={s.id} />
                        <Select
                          name="status"
                          id={`st-${s.id}`}
                          label={<span className="visually-hidden">{`Состояние шага: ${s.title}`}</span>}
                          defaultValue={s.status}
                          options={stepStatuses.map((st) => ({ value: st, label: stepStatusLabels[st] }))}
                        />{' '}
                        <DateInput
                          name="doneOn"
                          id={`done-${s.id}`}
                          label={<span className="visually-hidden">{`Дата выполнения: ${s.title}`}</span>}
                          max={today}
                          defaultValue={s.doneOn ?? ''}
                        />{' '}
                        <button type="submit" className="secondary">
                          Сохранить
                        </button>
                      </Form>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="settings">Настройки</h2>
      {canEdit ? null : <Result result={result} section="settings" />}
      <dl className="card">
        <div>
          <dt>Оператор</dt>
          <dd>
            {c.operatorName ?? '—'}
            {c.operatorContract ? `, договор ${c.operatorContract}` : ''}
          </dd>
        </div>
        <div>
          <dt>Нулевой знаменатель</dt>
          <dd>{zeroDenominatorLabels[policies.zeroDenominator]}</dd>
        </div>
        <div>
          <dt>Округление</dt>
          <dd>{roundingLabels[policies.rounding]}</dd>
        </div>
        <div>
          <dt>Минимум ответов</dt>
          <dd>{policies.minN}</dd>
        </div>
        <div>
          <dt>Выборка</dt>
          <dd>
            {Math.round(policies.sample.share * 100)}% получателей, не больше {policies.sample.cap}
          </dd>
        </div>
        <div>
          <dt>Словесные оценки</dt>
          <dd>{bandRule(policies.bands)}</dd>
        </div>
      </dl>
      {canEdit ? (
        <details open={result?.section === 'settings'}>
          <summary>Изменить настройки</summary>
          <Form method="post" className="stack">
            <Result result={result} section="settings" />
            <Csrf token={csrfToken} />
            <input type="hidden" name="intent" value="settings" />
            <TextInput name="title" label="Название" defaultValue={c.title} required maxLength={300} />
            <TextInput
              name="operatorName"
              label="Оператор (организация)"
              defaultValue={c.operatorName ?? ''}
              maxLength={300}
            />
            <TextInput
              name="operatorContract"
              label="Договор с оператором"
              defaultValue={c.operatorContract ?? ''}
              maxLength={300}
            />
            <PolicyFields policies={policies} />
            <p>
              <button type="submit">Сохранить настройки</button>
            </p>
          </Form>
        </details>
      ) : null}

      {loaderData.canDelete ? (
        <>
          <h2 id="danger">Удаление кампании</h2>
          <p>
            В кампании ещё нет собранных данных (анкет, чек-листов, проверок сайтов, результатов): её можно удалить,
            например созданную по ошибке. Удаление записывается в журнал.
          </p>
          <Form method="post" className="stack">
            <Result result={result} section="danger" />
            <Csrf token={csrfToken} />
            <input type="hidden" name="intent" value="delete" />
            <Checkboxes
              name="confirm"
              id="confirm-delete"
              legend="Подтверждение"
              required
              items={[{ value: 'yes', label: `Удалить кампанию «${c.title}»` }]}
            />
            <p>
              <button type="submit" className="secondary">
                Удалить кампанию
              </button>
            </p>
          </Form>
        </>
      ) : null}
    </section>
  );
}
