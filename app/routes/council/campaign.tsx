import { Form, data } from 'react-router';
import { can } from '../../../src/auth/policy';
import { getCampaign } from '../../../src/campaigns/campaigns.server';
import { campaignEventsOf } from '../../../src/campaigns/events.server';
import { todayIso } from '../../../src/campaigns/dates';
import {
  clockEvents,
  clockViews,
  recordAuthorityReceived,
  recordDecisionSent,
  recordMeasures,
  recordReportReceived,
} from '../../../src/council/clock.server';
import { addresseeLabels, criterionLabels, decisionKindLabels } from '../../../src/council/labels';
import {
  addProposal,
  draftFromVersion,
  listProposals,
  removeProposal,
  updateProposal,
} from '../../../src/council/proposals.server';
import { campaignDecisions } from '../../../src/council/public.server';
import { campaignCriteria } from '../../../src/council/criteria.server';
import { ruDate } from '../../../src/council/protocol';
import { proposalAddressees } from '../../../src/council/enums';
import { listVersions, resultStatusLabels } from '../../../src/results/versions.server';
import { campaignOrganisationsMeta } from '../../../src/results/sources.server';
import { requireCan } from '../../server/guard';
import { Checkboxes, Csrf, DateInput, Select, Textarea, TextInput } from '../../ui/forms';
import { ClockList, Result } from './components';
import { AdditionalCriteria } from './additional-criteria';
import {
  actorOf,
  councilFor,
  formReader,
  postedForm,
  refusal,
  unknownIntent,
  type ActionResult,
} from './common.server';
import type { Route } from './+types/campaign';
import { DocumentLinks } from '../downloads/links';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `${d?.campaign.title ?? 'Кампания'}: совет — НОКО` }];
}

async function load(
  context: Route.LoaderArgs['context'],
  request: Request,
  params: Route.LoaderArgs['params'],
  action: Parameters<typeof councilFor>[3],
) {
  const r = await councilFor(context, request, params.councilId, action);
  const campaign = await getCampaign(context.db, params.campaignId);
  if (!campaign || campaign.territoryId !== r.council.territoryId)
    throw data('Кампания не найдена среди кампаний территории совета.', { status: 404 });
  return { ...r, campaign };
}

async function criteriaView(db: Route.LoaderArgs['context']['db'], campaignId: string, councilId: string) {
  const c = await campaignCriteria(db, campaignId);
  return c
    ? {
        number: c.number,
        decidedOn: c.decidedOn,
        criteria: c.criteria,
        href: `/council/${councilId}/decisions/${c.decisionId}`,
      }
    : null;
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { council, scope, user, campaign } = await load(context, request, params, 'council.view');
  const today = todayIso();
  const ev = await clockEvents(context.db, campaign.id);
  const versions = await listVersions(context.db, campaign.id);
  const proposals = await listProposals(context.db, campaign.id);
  return {
    council: { id: council.id, name: council.name, proposalThreshold: council.proposalThreshold },
    campaign: { id: campaign.id, title: campaign.title },
    events: ev ? { ...ev, updatedAt: ev.updatedAt.toISOString() } : null,
    clocks: clockViews(ev, today),
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      status: v.status,
      statusLabel: resultStatusLabels[v.status],
      decisionNumber: v.decisionNumber,
      decisionDate: v.decisionDate,
    })),
    proposals: proposals.map((p) => ({
      id: p.id,
      organisationId: p.organisationId,
      organisationName: p.organisationName,
      addressee: p.addressee,
      criterion: p.criterion,
      indicator: p.indicator,
      sourceItem: p.sourceItem,
      text: p.text,
      needsFunding: p.needsFunding,
      status: p.status,
      origin: p.origin,
    })),
    organisations: (await campaignOrganisationsMeta(context.db, campaign.id)).map((o) => ({
      id: o.id,
      name: o.shortName,
    })),
    decisions: (await campaignDecisions(context.db, campaign.id)).map((d) => ({
      id: d.id,
      kind: d.kind,
      number: d.number,
      decidedOn: d.decidedOn,
      source: d.source,
    })),
    criteria: await criteriaView(context.db, campaign.id, council.id),
    // The receipt entered on the campaign page only (no covering document here yet): offered to copy, since
    // the council's month runs from the documented date recorded in this room.
    campaignReport: ev?.reportReceivedOn
      ? null
      : ((await campaignEventsOf(context.db, campaign.id))
          .filter((e) => e.kind === 'operator_report_received')
          .map((e) => ({ occurredOn: e.occurredOn, document: e.document ?? '' }))[0] ?? null),
    canRecord: can(user, 'council.record', scope),
    canAuthority: can(user, 'authority.measures', scope),
    csrfToken: context.csrfToken,
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const form = await postedForm(request);
  const f = formReader(form);
  const intent = f.text('intent');
  const authorityIntents = ['received', 'measures'];
  const { council, scope, user, campaign } = await load(context, request, params, 'council.view');
  if (intent === 'report') {
    if (!can(user, 'council.record', scope) && !can(user, 'authority.measures', scope))
      requireCan(context, request, 'council.record', scope);
  } else
    requireCan(context, request, authorityIntents.includes(intent) ? 'authority.measures' : 'council.record', scope);
  const actor = actorOf(user);
  const proposalInput = () => ({
    organisationId: f.opt('organisationId'),
    addressee: f.text('addressee'),
    criterion: f.text('criterion'),
    indicator: f.opt('indicator'),
    text: f.text('text'),
    needsFunding: f.bool('needsFunding'),
  });
  try {
    switch (intent) {
      case 'report':
        await recordReportReceived(
          context.db,
          campaign.id,
          { date: f.text('date'), coveringDocument: f.text('coveringDocument') },
          actor,
        );
        return {
          section: 'clocks',
          message: 'Дата получения отчёта оператора сохранена: месячный срок совета пошёл.',
        } satisfies ActionResult;
      case 'sent':
        await recordDecisionSent(context.db, campaign.id, f.text('date'), actor);
        return { section: 'clocks', message: 'Дата направления решения в орган сохранена.' } satisfies ActionResult;
      case 'received':
        await recordAuthorityReceived(context.db, campaign.id, f.text('date'), actor);
        return {
          section: 'clocks',
          message: 'Дата получения решения совета сохранена: месячный срок органа пошёл.',
        } satisfies ActionResult;
      case 'measures':
        await recordMeasures(
          context.db,
          campaign.id,
          {
            actNumber: f.text('actNumber'),
            actDate: f.text('actDate'),
            text: f.text('text'),
            passedOn: f.opt('passedOn'),
          },
          actor,
        );
        return { section: 'measures', message: 'Решение органа о мерах сохранено.' } satisfies ActionResult;
      case 'draft': {
        const n = await draftFromVersion(
          context.db,
          campaign.id,
          f.text('versionId'),
          council.proposalThreshold,
          actor,
        );
        return { section: 'proposals', message: `Проект предложений составлен: ${n}.` } satisfies ActionResult;
      }
      case 'proposal-add':
        await addProposal(context.db, campaign.id, proposalInput(), actor);
        return { section: 'proposals', message: 'Предложение добавлено.' } satisfies ActionResult;
      case 'proposal-edit':
        await updateProposal(context.db, campaign.id, f.text('proposalId'), proposalInput(), actor);
        return {
          section: 'proposal',
          itemId: f.text('proposalId'),
          message: 'Предложение сохранено.',
        } satisfies ActionResult;
      case 'proposal-remove':
        await removeProposal(context.db, campaign.id, f.text('proposalId'), actor);
        return { section: 'proposals', message: 'Предложение удалено.' } satisfies ActionResult;
    }
  } catch (err) {
    return refusal(
      intent === 'proposal-edit'
        ? 'proposal'
        : ['report', 'sent', 'received'].includes(intent)
          ? 'clocks'
          : intent.startsWith('proposal') || intent === 'draft'
            ? 'proposals'
            : intent,
      err,
      intent === 'proposal-edit' ? f.text('proposalId') : undefined,
    );
  }
  return unknownIntent();
}

export default function CouncilCampaign({ loaderData, actionData }: Route.ComponentProps) {
  const {
    council,
    campaign,
    events: ev,
    clocks,
    versions,
    proposals,
    organisations,
    decisions,
    criteria,
    campaignReport,
    canRecord,
    canAuthority,
    csrfToken,
  } = loaderData;
  const result = actionData as ActionResult | undefined;
  const draft = versions.find((v) => v.status === 'draft');
  const locked = proposals.some((p) => p.status === 'adopted');
  const editable = canRecord && !locked;
  const groups = new Map<string, typeof proposals>();
  for (const p of proposals) {
    const key = p.organisationName ?? 'Всем организациям и учредителю';
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return (
    <section>
      <p>
        <a href={`/council/${council.id}#campaigns`}>← {council.name}</a> ·{' '}
        <a href={`/campaigns/${campaign.id}`}>Страница кампании</a>
      </p>
      <h1>{campaign.title}: совет и орган</h1>

      <h2 id="clocks">Сроки по закону</h2>
      <Result result={result} section="clocks" />
      <ClockList clocks={clocks} />
      <dl className="events">
        <dt>Отчёт оператора получен</dt>
        <dd>{ev?.reportReceivedOn ? `${ruDate(ev.reportReceivedOn)} (${ev.reportCoveringDocument})` : '—'}</dd>
        <dt>Решение совета о результатах принято</dt>
        <dd>{ev?.decisionAdoptedOn ? ruDate(ev.decisionAdoptedOn) : '—'}</dd>
        <dt>Решение направлено в орган</dt>
        <dd>{ev?.decisionSentOn ? ruDate(ev.decisionSentOn) : '—'}</dd>
        <dt>Решение получено органом</dt>
        <dd>{ev?.authorityReceivedOn ? ruDate(ev.authorityReceivedOn) : '—'}</dd>
      </dl>
      {(canRecord || canAuthority) && !ev?.decisionAdoptedOn ? (
        <Form method="post" className="stack">
          <Csrf token={csrfToken} />
          <input type="hidden" name="intent" value="report" />
          {campaignReport ? (
            <p className="notice" role="note">
              На странице кампании отмечено получение отчёта оператора {ruDate(campaignReport.occurredOn)}
              {campaignReport.document ? ` (${campaignReport.document})` : ''}. Месяц совета пойдёт, когда дата с
              сопроводительным документом будет сохранена здесь: проверьте поля ниже и сохраните.
            </p>
          ) : null}
          <DateInput
            name="date"
            id="r-date"
            label="Дата получения принятого отчёта оператора"
            required
            defaultValue={ev?.reportReceivedOn ?? campaignReport?.occurredOn ?? ''}
          />
          <TextInput
            name="coveringDocument"
            id="r-doc"
            label="Сопроводительный документ"
            hint="Письмо органа или акт приёмки: номер и дата. Срок считается от документально подтверждённой даты."
            required
            maxLength={500}
            defaultValue={ev?.reportCoveringDocument ?? campaignReport?.document ?? ''}
          />
          <p>
            <button type="submit">Сохранить дату получения отчёта</button>
          </p>
        </Form>
      ) : null}
      {canRecord && ev?.decisionAdoptedOn ? (
        <Form method="post" className="inline-form">
          <Csrf token={csrfToken} />
          <input type="hidden" name="intent" value="sent" />
          <DateInput
            name="date"
            id="s-date"
            label="Решение направлено в орган"
            required
            defaultValue={ev.decisionSentOn ?? ''}
          />{' '}
          <button type="submit">Сохранить</button>
        </Form>
      ) : null}
      {canAuthority && ev?.decisionAdoptedOn && !ev.measuresActDate ? (
        <Form method="post" className="inline-form">
          <Csrf token={csrfToken} />
          <input type="hidden" name="intent" value="received" />
          <DateInput
            name="date"
            id="g-date"
            label="Решение совета получено органом"
            required
            defaultValue={ev.authorityReceivedOn ?? ''}
          />{' '}
          <button type="submit">Сохранить</button>
        </Form>
      ) : null}

      <h2 id="measures">Решение органа о мерах</h2>
      <Result result={result} section="measures" />
      {ev?.measuresActDate ? (
        <p>
          Акт № {ev.measuresActNumber} от {ruDate(ev.measuresActDate)}: {ev.measuresText}
          {ev.measuresPassedOn
            ? ` Доведено до организаций ${ruDate(ev.measuresPassedOn)}.`
            : ' До организаций ещё не доведено.'}
        </p>
      ) : (
        <p>Решение о мерах ещё не принято.</p>
      )}
      {canAuthority && ev?.authorityReceivedOn ? (
        <Form method="post" className="stack">
          <Csrf token={csrfToken} />
          <input type="hidden" name="intent" value="measures" />
          <TextInput
            name="actNumber"
            id="ms-number"
            label="Номер акта"
            required
            maxLength={100}
            defaultValue={ev.measuresActNumber ?? ''}
          />
          <DateInput name="actDate" id="ms-date" label="Дата акта" required defaultValue={ev.measuresActDate ?? ''} />
          <Textarea
            name="text"
            id="ms-text"
            label="Содержание решения о мерах"
            rows={4}
            required
            defaultValue={ev.measuresText ?? ''}
          />
          <DateInput
            name="passedOn"
            id="ms-passed"
            label="Доведено до организаций (учредителей)"
            defaultValue={ev.measuresPassedOn ?? ''}
          />
          <p>
            <button type="submit">Сохранить решение о мерах</button>
          </p>
        </Form>
      ) : null}

      <h2 id="decisions">Решения совета по кампании</h2>
      {decisions.length === 0 ? (
        <p>Решений пока нет.</p>
      ) : (
        <ul>
          {decisions.map((d) => (
            <li key={d.id}>
              <a href={`/council/${council.id}/decisions/${d.id}`}>
                № {d.number} от {ruDate(d.decidedOn)}
              </a>{' '}
              — {decisionKindLabels[d.kind]}
              {d.source === 'migrated' ? ' (внесено без протокола в НОКО)' : ''}
            </li>
          ))}
        </ul>
      )}
      <DocumentLinks
        campaignId={campaign.id}
        level={3}
        items={[
          ...(decisions.some((d) => d.kind === 'results')
            ? [
                {
                  kind: 'decision',
                  title: 'Решение совета о результатах и предложениях с приложениями',
                  formats: ['docx', 'pdf'] as const,
                },
              ]
            : []),
          ...(decisions.some((d) => d.kind === 'tor')
            ? [{ kind: 'tor', title: 'Предложения в техническое задание оператору', formats: ['docx', 'pdf'] as const }]
            : []),
          { kind: 'list', title: 'Перечень организаций на год', formats: ['docx', 'pdf'] as const },
          ...(canAuthority && decisions.some((d) => d.kind === 'results')
            ? [
                {
                  kind: 'order',
                  title: 'Проект приказа органа о результатах и мерах',
                  formats: ['docx', 'pdf'] as const,
                },
              ]
            : []),
        ]}
      />
      <p>
        Версии результатов:{' '}
        {versions.length === 0
          ? 'ещё не рассчитаны'
          : versions
              .map(
                (v) =>
                  `№ ${v.version} — ${v.statusLabel}${v.decisionNumber ? ` (решение № ${v.decisionNumber} от ${ruDate(v.decisionDate)})` : ''}`,
              )
              .join('; ')}
        .
      </p>

      <AdditionalCriteria c={criteria} />

      <h2 id="proposals">Предложения об улучшении деятельности организаций ({proposals.length})</h2>
      <Result result={result} section="proposals" />
      {locked ? (
        <p className="notice">Предложения приняты решением совета о результатах и больше не изменяются.</p>
      ) : null}
      {editable && draft ? (
        <Form method="post" className="inline-form">
          <Csrf token={csrfToken} />
          <input type="hidden" name="intent" value="draft" />
          <input type="hidden" name="versionId" value={draft.id} />
          <button type="submit">
            {proposals.length ? 'Составить проект заново' : 'Составить проект'} по черновику результатов №{' '}
            {draft.version}
          </button>{' '}
          <span className="hint">
            Каждый отсутствующий пункт чек-листов и сайта, а также критерии опроса ниже {council.proposalThreshold}{' '}
            баллов; предложения, изменённые вручную, сохранятся.
          </span>
        </Form>
      ) : null}
      {[...groups].map(([name, list]) => (
        <section key={name} className="proposal-group">
          <h3>
            {name} ({list.length})
          </h3>
          <ul className="proposals">
            {list.map((p) => (
              <li key={p.id}>
                {editable ? (
                  <details>
                    <summary>
                      {p.text}{' '}
                      <span className="hint">
                        ({criterionLabels[p.criterion] ?? p.criterion}
                        {p.indicator ? `, показатель ${p.indicator}` : ''}; {addresseeLabels[p.addressee]}
                        {p.needsFunding ? '; нужны средства' : ''})
                      </span>
                    </summary>
                    <Result result={result} section="proposal" itemId={p.id} />
                    <ProposalForm csrfToken={csrfToken} intent="proposal-edit" p={p} organisations={organisations} />
                    <Form method="post" className="inline-form">
                      <Csrf token={csrfToken} />
                      <input type="hidden" name="intent" value="proposal-remove" />
                      <input type="hidden" name="proposalId" value={p.id} />
                      <button type="submit" className="secondary">
                        Удалить предложение
                      </button>
                    </Form>
                  </details>
                ) : (
                  <>
                    {p.text}{' '}
                    <span className="hint">
                      ({criterionLabels[p.criterion] ?? p.criterion}
                      {p.indicator ? `, показатель ${p.indicator}` : ''}; {addresseeLabels[p.addressee]}
                      {p.needsFunding ? '; нужны средства' : ''})
                    </span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
      {editable ? (
        <details>
          <summary>Добавить предложение</summary>
          <ProposalForm csrfToken={csrfToken} intent="proposal-add" organisations={organisations} />
        </details>
      ) : null}
    </section>
  );
}

type P = {
  id: string;
  organisationId: string | null;
  addressee: string;
  criterion: string;
  indicator: string | null;
  text: string;
  needsFunding: boolean;
};

function ProposalForm({
  csrfToken,
  intent,
  p,
  organisations,
}: {
  csrfToken: string;
  intent: string;
  p?: P;
  organisations: { id: string; name: string }[];
}) {
  const id = p?.id ?? 'new';
  return (
    <Form method="post" className="stack">
      <Csrf token={csrfToken} />
      <input type="hidden" name="intent" value={intent} />
      {p ? <input type="hidden" name="proposalId" value={p.id} /> : null}
      {p ? (
        <input type="hidden" name="organisationId" value={p.organisationId ?? ''} />
      ) : (
        <Select
          name="organisationId"
          id={`po-${id}`}
          label="Организация"
          placeholder="— все организации или учредитель —"
          options={organisations.map((o) => ({ value: o.id, label: o.name }))}
        />
      )}
      <Textarea
        name="text"
        id={`pt-${id}`}
        label="Текст предложения"
        rows={3}
        required
        maxLength={2000}
        defaultValue={p?.text}
      />
      <Select
        name="addressee"
        id={`pa-${id}`}
        label="Адресат"
        defaultValue={p?.addressee ?? 'organisation'}
        options={proposalAddressees.map((a) => ({ value: a, label: addresseeLabels[a] }))}
      />
      <Select
        name="criterion"
        id={`pc-${id}`}
        label="Критерий"
        defaultValue={p?.criterion ?? 'K1'}
        options={Object.entries(criterionLabels).map(([k, l]) => ({ value: k, label: l }))}
      />
      <TextInput
        name="indicator"
        id={`pi-${id}`}
        label="Показатель"
        maxLength={50}
        defaultValue={p?.indicator ?? ''}
        className="narrow"
      />
      <Checkboxes
        name="needsFunding"
        id={`pf-${id}`}
        legend="Финансирование"
        defaultValues={p?.needsFunding ? ['on'] : []}
        items={[{ value: 'on', label: 'Нужны средства' }]}
      />
      <p>
        <button type="submit">{p ? 'Сохранить предложение' : 'Добавить предложение'}</button>
      </p>
    </Form>
  );
}
