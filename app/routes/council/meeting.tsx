import { Form } from 'react-router';
import { can } from '../../../src/auth/policy';
import { listCampaigns } from '../../../src/campaigns/campaigns.server';
import { memberRoleLabels, voteChoiceLabels } from '../../../src/council/labels';
import {
  addAgendaItem,
  attachScan,
  getMeetingFull,
  MAX_SCAN_BYTES,
  parseInvitees,
  publishMeeting,
  recordItem,
  removeAgendaItem,
  sendNotice,
  setAttendance,
  updateMeeting,
} from '../../../src/council/meetings.server';
import { listProposals } from '../../../src/council/proposals.server';
import { campaignCriteria } from '../../../src/council/criteria.server';
import { dataGaps } from '../../../src/results/gaps';
import { getVersion } from '../../../src/results/versions.server';
import { agendaKindLabels, meetingFormatLabels, ruDate } from '../../../src/council/protocol';
import { computeAdoption } from '../../../src/council/voting';
import { agendaKinds, meetingFormats, voteChoices } from '../../../src/council/enums';
import { data } from 'react-router';
import { Checkboxes, Csrf, DateInput, FileUpload, Select, Textarea, TextInput } from '../../ui/forms';
import { Result } from './components';
import {
  actorOf,
  councilFor,
  formReader,
  postedForm,
  refusal,
  unknownIntent,
  type ActionResult,
} from './common.server';
import type { Route } from './+types/meeting';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: d ? `Заседание № ${d.meeting.number} от ${ruDate(d.meeting.heldOn)} — НОКО` : 'Заседание — НОКО' }];
}

type ItemGaps = { version: number; summary: string[]; organisations: { id: string; name: string; lines: string[] }[] };

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { council, scope, user } = await councilFor(context, request, params.councilId, 'council.view');
  const full = await getMeetingFull(context.db, council.id, params.meetingId);
  if (!full) throw data('Заседание не найдено.', { status: 404 });
  const campaigns = (await listCampaigns(context.db, [council.territoryId])).map((c) => ({ id: c.id, title: c.title }));
  const proposalCounts: Record<string, { total: number; adopted: number }> = {};
  for (const i of full.items) {
    if ((i.kind === 'results' || i.kind === 'proposals') && i.campaignId && !proposalCounts[i.campaignId]) {
      const list = await listProposals(context.db, i.campaignId);
      proposalCounts[i.campaignId] = { total: list.length, adopted: list.filter((p) => p.status === 'adopted').length };
    }
  }
  // The results vote approves the bound version with its gaps (the vote is the council's confirmation,
  // decision 0056): the page states them in plain words beside that vote, before anyone votes.
  const gapsByItem: Record<string, ItemGaps> = {};
  const criteriaByCampaign: Record<string, { number: string; decidedOn: string; criteria: string[] } | null> = {};
  for (const i of full.items) {
    if (i.kind !== 'results') continue;
    if (i.resultVersionId) {
      const v = await getVersion(context.db, i.resultVersionId);
      if (v) {
        const g = dataGaps(v.snapshot);
        gapsByItem[i.id] = {
          version: v.version,
          summary: g.summary,
          organisations: g.organisations.map((o) => ({
            id: o.id,
            name: o.name,
            lines: [
              ...(o.indicators.length
                ? [`без данных: ${o.indicators.map((x) => `${x.id} (${x.reasons.join('; ')})`).join(', ')}`]
                : []),
              ...(o.noTotal ? ['итоговый балл не рассчитан'] : []),
              ...(o.sample ? [`выборка опроса ${o.sample.received} из требуемых ${o.sample.target}`] : []),
              ...(o.belowMinimum
                ? [`меньше ${v.snapshot.options.minRespondents} анкет — показатели по опросу не публикуются`]
                : []),
            ],
          })),
        };
      }
    }
    if (i.campaignId && !(i.campaignId in criteriaByCampaign)) {
      const c = await campaignCriteria(context.db, i.campaignId);
      criteriaByCampaign[i.campaignId] =
        c && c.criteria.length ? { number: c.number, decidedOn: c.decidedOn, criteria: c.criteria } : null;
    }
  }
  return {
    council: { id: council.id, name: council.name, tieRule: council.tieRule, absenteeVoting: council.absenteeVoting },
    meeting: {
      ...full.meeting,
      createdAt: full.meeting.createdAt.toISOString(),
      noticeSentAt: full.meeting.noticeSentAt?.toISOString() ?? null,
      publishedAt: full.meeting.publishedAt?.toISOString() ?? null,
    },
    members: full.members.map((m) => ({ id: m.id, name: m.name, role: m.role, hasEmail: !!m.email })),
    presentIds: full.presentIds,
    quorum: full.quorum,
    voted: full.voted,
    items: full.items.map((i) => {
      const d = full.decisions.find((x) => x.agendaItemId === i.id);
      const votes =
        i.votesFor === null
          ? null
          : { for: i.votesFor, against: i.votesAgainst ?? 0, abstained: i.votesAbstained ?? 0 };
      const a = votes
        ? computeAdoption({ quorum: full.quorum, votes, tieRule: council.tieRule, presidingVote: i.presidingVote })
        : null;
      return {
        ...i,
        decision: d ? { id: d.id, number: d.number, decidedOn: d.decidedOn } : null,
        outcome: a?.ok ? a.statement : null,
        points: Array.isArray(i.payload.points) ? (i.payload.points as string[]).join('\n') : '',
      };
    }),
    campaigns,
    proposalCounts,
    gapsByItem,
    criteriaByCampaign,
    smtp: !!context.config.smtpUrl,
    canRecord: can(user, 'council.record', scope),
    csrfToken: context.csrfToken,
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { council, user } = await councilFor(context, request, params.councilId, 'council.record');
  const actor = actorOf(user);
  const form = await postedForm(request);
  const f = formReader(form);
  const intent = f.text('intent');
  const m = params.meetingId;
  const itemId = f.text('itemId');
  try {
    switch (intent) {
      case 'details':
        await updateMeeting(
          context.db,
          council.id,
          m,
          {
            heldOn: f.text('heldOn'),
            place: f.text('place'),
            format: f.text('format'),
            presidingMemberId: f.opt('presidingMemberId'),
            secretaryMemberId: f.opt('secretaryMemberId'),
          },
          actor,
        );
        return { section: 'details', message: 'Сведения о заседании сохранены.' } satisfies ActionResult;
      case 'attendance':
        await setAttendance(
          context.db,
          council.id,
          m,
          { presentIds: f.all('present'), invitees: parseInvitees(f.text('invitees')) },
          actor,
        );
        return { section: 'attendance', message: 'Присутствие сохранено.' } satisfies ActionResult;
      case 'agenda':
        await addAgendaItem(
          context.db,
          council.id,
          m,
          { kind: f.text('kind'), title: f.text('title'), campaignId: f.opt('campaignId') },
          actor,
        );
        return { section: 'agenda', message: 'Вопрос добавлен в повестку.' } satisfies ActionResult;
      case 'remove-item':
        await removeAgendaItem(context.db, council.id, m, itemId, actor);
        return { section: 'agenda', message: 'Вопрос убран из повестки.' } satisfies ActionResult;
      case 'item': {
        const raw = [f.text('votesFor'), f.text('votesAgainst'), f.text('votesAbstained')];
        const voting = raw.some((v) => v !== '');
        const votes = voting
          ? {
              for: f.int('votesFor'),
              against: raw[1] === '' ? 0 : f.int('votesAgainst'),
              abstained: raw[2] === '' ? 0 : f.int('votesAbstained'),
            }
          : null;
        const r = await recordItem(
          context.db,
          council.id,
          m,
          itemId,
          {
            heard: f.text('heard'),
            spoke: f.text('spoke'),
            decided: f.text('decided'),
            votes,
            presidingVote: f.opt('presidingVote'),
            decidedOn: f.opt('decidedOn'),
            points: f.text('points'),
          },
          actor,
        );
        return {
          section: 'item',
          itemId,
          message: r.statement
            ? `${r.statement}.${r.decision ? ` Решение № ${r.decision.number}.` : ''}`
            : 'Запись по вопросу сохранена.',
        } satisfies ActionResult;
      }
      case 'notice': {
        const r = await sendNotice(
          context.db,
          council.id,
          m,
          context.config.smtpUrl ? { url: context.config.smtpUrl, from: context.config.smtpFrom } : null,
          actor,
        );
        return {
          section: 'notice',
          message: `Извещение отправлено: ${r.sent}.${r.without ? ` Без адреса почты: ${r.without}.` : ''}`,
        } satisfies ActionResult;
      }
      case 'scan': {
        const file = form.get('scan');
        if (!file || typeof file === 'string' || file.size === 0)
          return data<ActionResult>({ section: 'scan', errors: ['Выберите файл скана.'] }, { status: 400 });
        if (file.size > MAX_SCAN_BYTES)
          return data<ActionResult>({ section: 'scan', errors: ['Скан больше 20 МБ.'] }, { status: 413 });
        await attachScan(
          context.db,
          council.id,
          m,
          { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
          context.config.dataDir,
          actor,
        );
        return { section: 'scan', message: 'Скан протокола прикреплён.' } satisfies ActionResult;
      }
      case 'publish':
        await publishMeeting(context.db, council.id, m, actor);
        return { section: 'publish', message: 'Протокол и решения опубликованы.' } satisfies ActionResult;
    }
  } catch (err) {
    return refusal(intent === 'remove-item' ? 'agenda' : intent, err, intent === 'item' ? itemId : undefined);
  }
  return unknownIntent();
}

export default function MeetingPage({ loaderData, actionData }: Route.ComponentProps) {
  const {
    council,
    meeting,
    members,
    presentIds,
    quorum,
    voted,
    items,
    campaigns,
    proposalCounts,
    gapsByItem,
    criteriaByCampaign,
    smtp,
    canRecord,
    csrfToken,
  } = loaderData;
  const result = actionData as ActionResult | undefined;
  const open = canRecord && !meeting.publishedAt;
  const base = `/council/${council.id}/meetings/${meeting.id}`;
  return (
    <section>
      <p>
        <a href={`/council/${council.id}#meetings`}>← {council.name}</a>
      </p>
      <h1>
        Заседание № {meeting.number} от {ruDate(meeting.heldOn)}
      </h1>
      <p>
        {meetingFormatLabels[meeting.format]}
        {meeting.place ? `, ${meeting.place}` : ''}.{' '}
        {meeting.publishedAt ? <strong>Протокол опубликован.</strong> : 'Протокол не опубликован.'}{' '}
        <a href={`${base}/protocol`}>Протокол (для печати)</a>
      </p>
      <Result result={result} section="publish" />
      {meeting.publishedAt ? (
        <p>
          <a href={`/sovet/${council.id}/protokol/${meeting.id}`}>
            Опубликованный протокол на публичной странице совета
          </a>
        </p>
      ) : null}
      <p className={quorum.has ? 'notice' : 'warn-text'}>{quorum.statement}.</p>

      {open ? (
        <details>
          <summary>Дата, место, председательствующий и секретарь</summary>
          <Result result={result} section="details" />
          <Form method="post" className="stack">
            <Csrf token={csrfToken} />
            <input type="hidden" name="intent" value="details" />
            <DateInput name="heldOn" id="d-heldOn" label="Дата" required defaultValue={meeting.heldOn} />
            <TextInput name="place" id="d-place" label="Место" maxLength={500} defaultValue={meeting.place} />
            <Select
              name="format"
              id="d-format"
              label="Форма проведения"
              defaultValue={meeting.format}
              options={meetingFormats
                .filter((x) => x !== 'absentee' || council.absenteeVoting || meeting.format === 'absentee')
                .map((x) => ({ value: x, label: meetingFormatLabels[x] }))}
            />
            <MemberSelect
              id="d-presiding"
              name="presidingMemberId"
              label="Председательствующий"
              members={members}
              value={meeting.presidingMemberId}
            />
            <MemberSelect
              id="d-secretary"
              name="secretaryMemberId"
              label="Секретарь"
              members={members}
              value={meeting.secretaryMemberId}
            />
            <p>
              <button type="submit">Сохранить</button>
            </p>
          </Form>
        </details>
      ) : null}

      <h2 id="attendance">Присутствовали</h2>
      <Result result={result} section="attendance" />
      <Form method="post" className="stack">
        <Csrf token={csrfToken} />
        <input type="hidden" name="intent" value="attendance" />
        <Checkboxes
          name="present"
          legend={`Члены совета на дату заседания (${members.length})`}
          defaultValues={presentIds}
          items={members.map((m) => ({
            value: m.id,
            label: `${m.name} (${memberRoleLabels[m.role]})`,
            disabled: !open || voted,
          }))}
        />
        <Textarea
          name="invitees"
          label="Приглашённые"
          hint="По одному на строке: «Фамилия И. О. — должность»."
          rows={3}
          defaultValue={meeting.invitees.map((i) => (i.post ? `${i.name} — ${i.post}` : i.name)).join('\n')}
          disabled={!open}
        />
        {voted && open ? (
          <p className="hint">Голоса уже записаны: состав присутствующих не меняется, приглашённых можно поправить.</p>
        ) : null}
        {voted && open ? presentIds.map((id) => <input key={id} type="hidden" name="present" value={id} />) : null}
        {open ? (
          <p>
            <button type="submit">Сохранить присутствие</button>
          </p>
        ) : null}
      </Form>

      <h2 id="agenda">Повестка дня</h2>
      <Result result={result} section="agenda" />
      {items.length === 0 ? <p>В повестке пока нет вопросов.</p> : null}
      <ol className="agenda">
        {items.map((it) => (
          <li key={it.id} id={`item-${it.id}`}>
            <h3>{it.title}</h3>
            <p className="hint">
              Вид вопроса: {agendaKindLabels[it.kind]}
              {it.kind === 'results' && typeof it.payload.version === 'number'
                ? `; утверждается версия результатов № ${it.payload.version}`
                : ''}
              .
            </p>
            {(it.kind === 'results' || it.kind === 'proposals') && it.campaignId ? (
              <p>
                Предложения по организациям: {proposalCounts[it.campaignId]?.total ?? 0} (принято{' '}
                {proposalCounts[it.campaignId]?.adopted ?? 0}).{' '}
                <a href={`/council/${council.id}/campaigns/${it.campaignId}#proposals`}>Проект предложений</a>
              </p>
            ) : null}
            {it.kind === 'results' && it.campaignId && criteriaByCampaign[it.campaignId] ? (
              <AdditionalCriteriaNote c={criteriaByCampaign[it.campaignId]!} />
            ) : null}
            {gapsByItem[it.id] ? (
              <VersionGaps g={gapsByItem[it.id]!} campaignId={it.campaignId} decided={!!it.decision} itemId={it.id} />
            ) : null}
            <Result result={result} section="item" itemId={it.id} />
            {it.decision ? (
              <div className="card">
                <p>
                  <strong>
                    Решение № {it.decision.number} от {ruDate(it.decision.decidedOn)}.
                  </strong>{' '}
                  {it.outcome}.
                </p>
                <p>СЛУШАЛИ: {it.heard || '—'}</p>
                {it.spoke ? <p>ВЫСТУПИЛИ: {it.spoke}</p> : null}
                <p>РЕШИЛИ: {it.decided}</p>
                <p>
                  Голосовали: «за» {it.votesFor}, «против» {it.votesAgainst}, «воздержались» {it.votesAbstained}.
                </p>
                <p>
                  <a href={`/council/${council.id}/decisions/${it.decision.id}`}>
                    Документ решения № {it.decision.number}
                  </a>
                </p>
              </div>
            ) : (
              <Form method="post" className="stack">
                <Csrf token={csrfToken} />
                <input type="hidden" name="intent" value="item" />
                <input type="hidden" name="itemId" value={it.id} />
                <Text
                  id={`heard-${it.id}`}
                  name="heard"
                  label="СЛУШАЛИ (кого и о чём)"
                  value={it.heard}
                  disabled={!open}
                />
                <Text id={`spoke-${it.id}`} name="spoke" label="ВЫСТУПИЛИ" value={it.spoke} disabled={!open} />
                <Text id={`decided-${it.id}`} name="decided" label="РЕШИЛИ" value={it.decided} disabled={!open} />
                {it.kind === 'tor' || it.kind === 'criteria' ? (
                  <Text
                    id={`points-${it.id}`}
                    name="points"
                    label={
                      it.kind === 'tor'
                        ? 'Предложения в техническое задание оператору (по одному на строке)'
                        : 'Дополнительные критерии (по одному на строке)'
                    }
                    value={it.points}
                    disabled={!open}
                  />
                ) : null}
                <fieldset>
                  <legend>Голосовали (присутствуют {quorum.present})</legend>
                  <div className="inline">
                    <Num
                      id={`for-${it.id}`}
                      name="votesFor"
                      label="«за»"
                      value={it.votesFor}
                      max={quorum.present}
                      disabled={!open}
                    />
                    <Num
                      id={`against-${it.id}`}
                      name="votesAgainst"
                      label="«против»"
                      value={it.votesAgainst}
                      max={quorum.present}
                      disabled={!open}
                    />
                    <Num
                      id={`abstained-${it.id}`}
                      name="votesAbstained"
                      label="«воздержались»"
                      value={it.votesAbstained}
                      max={quorum.present}
                      disabled={!open}
                    />
                  </div>
                  {council.tieRule === 'presiding_decides' ? (
                    <Select
                      name="presidingVote"
                      id={`pv-${it.id}`}
                      label="Голос председательствующего (решает при равенстве)"
                      defaultValue={it.presidingVote ?? ''}
                      disabled={!open}
                      placeholder="— не указан —"
                      options={voteChoices.map((v) => ({ value: v, label: voteChoiceLabels[v] }))}
                    />
                  ) : null}
                  <DateInput
                    name="decidedOn"
                    id={`dd-${it.id}`}
                    label="Дата решения"
                    hint="Обычно дата заседания; при заочном голосовании — день подведения итогов."
                    defaultValue={meeting.heldOn}
                    disabled={!open}
                  />
                </fieldset>
                {it.outcome ? <p>{it.outcome}.</p> : null}
                {open ? (
                  <p>
                    <button type="submit">Сохранить запись и итоги голосования</button>
                  </p>
                ) : null}
              </Form>
            )}
            {open && it.votesFor === null ? (
              <Form method="post" className="inline-form">
                <Csrf token={csrfToken} />
                <input type="hidden" name="intent" value="remove-item" />
                <input type="hidden" name="itemId" value={it.id} />
                <button type="submit" className="secondary">
                  Убрать вопрос {it.sort} из повестки
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ol>
      {open ? (
        <details open={items.length === 0}>
          <summary>Добавить вопрос в повестку</summary>
          <Form method="post" className="stack">
            <Csrf token={csrfToken} />
            <input type="hidden" name="intent" value="agenda" />
            <Select
              name="kind"
              id="a-kind"
              label="Вид вопроса"
              options={agendaKinds.map((k) => ({ value: k, label: agendaKindLabels[k] }))}
            />
            <Select
              name="campaignId"
              id="a-campaign"
              label="Кампания"
              hint="Нужна для перечня, технического задания, критериев, результатов и предложений."
              placeholder="— без кампании —"
              options={campaigns.map((c) => ({ value: c.id, label: c.title }))}
            />
            <TextInput
              name="title"
              id="a-title"
              label="Формулировка вопроса"
              hint="Можно оставить пустой: для типового вопроса формулировка подставится сама."
              maxLength={1000}
            />
            <p>
              <button type="submit">Добавить вопрос</button>
            </p>
          </Form>
        </details>
      ) : null}

      {open ? (
        <>
          <h2 id="notice">Извещение членам совета</h2>
          <Result result={result} section="notice" />
          <p>
            {meeting.noticeSentAt
              ? `Извещение отправлено ${ruDate(meeting.noticeSentAt)}.`
              : 'Извещение ещё не отправлялось.'}{' '}
            Адрес почты указан у {members.filter((m) => m.hasEmail).length} из {members.length}.
          </p>
          {smtp ? (
            <Form method="post">
              <Csrf token={csrfToken} />
              <input type="hidden" name="intent" value="notice" />
              <button type="submit">Отправить извещение с повесткой</button>
            </Form>
          ) : (
            <p className="hint">
              Почта не настроена (SMTP_URL): распечатайте повестку со страницы протокола и разошлите её сами.
            </p>
          )}
        </>
      ) : null}

      <h2 id="scan">Подписанный протокол</h2>
      <Result result={result} section="scan" />
      {meeting.scan ? (
        <p>
          <a href={`${base}/scan`}>{meeting.scan.fileName}</a> ({Math.ceil(meeting.scan.size / 1024)} КБ), загружен{' '}
          {ruDate(meeting.scan.uploadedAt)}.
        </p>
      ) : (
        <p>Скан подписанного протокола не прикреплён.</p>
      )}
      {canRecord ? (
        <Form method="post" encType="multipart/form-data" className="stack">
          <Csrf token={csrfToken} />
          <input type="hidden" name="intent" value="scan" />
          <FileUpload
            name="scan"
            id="scan-file"
            label="Скан (PDF, JPG или PNG, до 20 МБ)"
            accept=".pdf,.jpg,.jpeg,.png"
            required
          />
          <p>
            <button type="submit">Прикрепить скан</button>
          </p>
        </Form>
      ) : null}

      {open ? (
        <>
          <h2 id="publish">Публикация</h2>
          <p>После публикации протокол и решения видны на публичной странице совета, заседание больше не изменяется.</p>
          <Form method="post">
            <Csrf token={csrfToken} />
            <input type="hidden" name="intent" value="publish" />
            <button type="submit">Опубликовать протокол и решения</button>
          </Form>
        </>
      ) : null}
    </section>
  );
}

function MemberSelect({
  id,
  name,
  label,
  members,
  value,
}: {
  id: string;
  name: string;
  label: string;
  members: { id: string; name: string; role: string }[];
  value: string | null;
}) {
  return (
    <Select
      name={name}
      id={id}
      label={label}
      defaultValue={value ?? ''}
      placeholder="— не выбран —"
      options={members.map((m) => ({ value: m.id, label: m.name }))}
    />
  );
}

function Text({
  id,
  name,
  label,
  value,
  disabled,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  disabled: boolean;
}) {
  return (
    <Textarea name={name} id={id} label={label} rows={3} defaultValue={value} disabled={disabled} maxLength={20000} />
  );
}

function Num({
  id,
  name,
  label,
  value,
  max,
  disabled,
}: {
  id: string;
  name: string;
  label: string;
  value: number | null;
  max: number;
  disabled: boolean;
}) {
  return (
    <TextInput
      name={name}
      id={id}
      label={label}
      type="number"
      min={0}
      max={max}
      step={1}
      inputMode="numeric"
      defaultValue={value ?? ''}
      disabled={disabled}
    />
  );
}

/** What a results vote approves besides the scores: the data the version lacks, in plain words. */
function VersionGaps({
  g,
  campaignId,
  decided,
  itemId,
}: {
  g: ItemGaps;
  campaignId: string | null;
  decided: boolean;
  itemId: string;
}) {
  if (g.summary.length === 0) {
    return (
      <p>
        Данные версии результатов № {g.version} полные: у всех организаций есть все показатели, выборки опроса не меньше
        требуемых.
      </p>
    );
  }
  const n = g.organisations.length;
  return (
    <div className="notice warn" role="note" aria-labelledby={`gaps-${itemId}`}>
      <p id={`gaps-${itemId}`}>
        <strong>
          {decided
            ? `Версия результатов № ${g.version} утверждена с неполными данными:`
            : `Перед голосованием: в версии результатов № ${g.version} не хватает данных.`}
        </strong>
      </p>
      <ul>
        {g.summary.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p>
        Показатель без данных показывается как «нет данных» и не считается нулём.{' '}
        {decided
          ? 'Голосование совета по этому вопросу было подтверждением, что совет видел эти пробелы; оно записано в журнал изменений.'
          : 'Голос «за» по этому вопросу означает, что совет видел эти пробелы и утверждает версию такой: это подтверждение записывается в журнал изменений. Если данные нужно дособрать, не голосуйте: пусть оператор пересчитает черновик.'}
      </p>
      <details>
        <summary>{`Организации с неполными данными: ${n}`}</summary>
        <ul>
          {g.organisations.map((o) => (
            <li key={o.id}>
              {o.name}: {o.lines.join('; ')}
            </li>
          ))}
        </ul>
      </details>
      {campaignId ? (
        <p>
          <a href={`/results/${campaignId}#gaps`}>Раздел «Чего не хватает» на странице результатов</a>
        </p>
      ) : null}
    </div>
  );
}

function AdditionalCriteriaNote({ c }: { c: { number: string; decidedOn: string; criteria: string[] } }) {
  return (
    <p>
      Дополнительные критерии совета (решение № {c.number} от {ruDate(c.decidedOn)}): {c.criteria.join('; ')}. Сведения
      по ним оператор представляет отдельным разделом отчёта; в итоговый балл по методике они не входят и результаты не
      меняют.
    </p>
  );
}
