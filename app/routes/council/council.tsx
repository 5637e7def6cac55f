import { Form, redirect } from 'react-router';
import { can } from '../../../src/auth/policy';
import { listCampaigns } from '../../../src/campaigns/campaigns.server';
import { addMember, councilAccounts, listMembers, updateSettings, inOffice } from '../../../src/council/council.server';
import { councilDecisionsOf } from '../../../src/council/public.server';
import { addInfoMeeting, infoMeetingsWarning, listInfoMeetings } from '../../../src/council/info-meetings.server';
import { createMeeting, listMeetings } from '../../../src/council/meetings.server';
import { decisionKindLabels, memberRoleLabels } from '../../../src/council/labels';
import { meetingFormatLabels, ruDate } from '../../../src/council/protocol';
import { quorumRuleLabels, tieRuleLabels } from '../../../src/council/voting';
import { todayIso } from '../../../src/campaigns/dates';
import { meetingFormats } from '../../../src/council/enums';
import { requireCan } from '../../server/guard';
import { Csrf, DateInput, Select, Textarea, TextInput } from '../../ui/forms';
import { MemberForm, Result, SettingsFields } from './components';
import {
  actorOf,
  councilFor,
  formReader,
  postedForm,
  refusal,
  unknownIntent,
  type ActionResult,
} from './common.server';
import type { Route } from './+types/council';
import { TableScroll } from '../../ui/controls';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `${d?.council.name ?? 'Совет'} — НОКО` }];
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { council, scope, user } = await councilFor(context, request, params.councilId, 'council.view');
  const today = todayIso();
  const members = await listMembers(context.db, council.id);
  const serving = new Set(inOffice(members, today).map((m) => m.id));
  const meetings = await listMeetings(context.db, council.id);
  const year = Number(today.slice(0, 4));
  const meetingsThisYear = meetings.filter((m) => m.year === year).length;
  const campaigns = (await listCampaigns(context.db, [council.territoryId])).map((c) => ({
    id: c.id,
    title: c.title,
    year: c.year,
  }));
  const canManage = can(user, 'council.manage', scope);
  const canAuthority = can(user, 'authority.measures', scope);
  return {
    council: { ...council, createdAt: council.createdAt.toISOString() },
    members: members.map((m) => ({ ...m, createdAt: m.createdAt.toISOString(), serving: serving.has(m.id) })),
    meetings: meetings.map((m) => ({
      id: m.id,
      number: m.number,
      year: m.year,
      heldOn: m.heldOn,
      format: m.format,
      published: !!m.publishedAt,
    })),
    meetingsWarning:
      meetingsThisYear < 2
        ? `В ${year} году ${meetingsThisYear === 0 ? 'не было ни одного заседания' : 'было одно заседание'}: совет собирается не реже двух раз в год.`
        : null,
    decisions: (await councilDecisionsOf(context.db, council.id)).map((d) => ({
      id: d.id,
      kind: d.kind,
      number: d.number,
      decidedOn: d.decidedOn,
      text: d.text,
      campaignTitle: d.campaignTitle,
      source: d.source,
    })),
    campaigns,
    accounts: canManage ? await councilAccounts(context.db, council.territoryId) : [],
    infoMeetings: (await listInfoMeetings(context.db, council.territoryId)).map((m) => ({
      ...m,
      createdAt: m.createdAt.toISOString(),
    })),
    infoWarning: await infoMeetingsWarning(context.db, council.territoryId, year),
    canManage,
    canRecord: can(user, 'council.record', scope),
    canAuthority,
    csrfToken: context.csrfToken,
    today,
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const form = await postedForm(request);
  const f = formReader(form);
  const intent = f.text('intent');
  const gate = intent === 'meeting' ? 'council.record' : intent === 'info' ? 'authority.measures' : 'council.manage';
  const { council, user } = await councilFor(context, request, params.councilId, gate);
  const actor = actorOf(user);
  try {
    if (intent === 'settings') {
      await updateSettings(
        context.db,
        council.id,
        {
          name: f.text('name'),
          quorumRule: f.text('quorumRule'),
          tieRule: f.text('tieRule'),
          absenteeVoting: f.bool('absenteeVoting'),
          proposalThreshold: f.int('proposalThreshold'),
        },
        actor,
      );
      return { section: 'settings', message: 'Настройки совета сохранены.' } satisfies ActionResult;
    }
    if (intent === 'member') {
      await addMember(
        context.db,
        council.id,
        {
          name: f.text('name'),
          role: f.text('role'),
          represents: f.text('represents'),
          termFrom: f.text('termFrom'),
          termTo: f.text('termTo'),
          eligibilityDeclaredOn: f.opt('eligibilityDeclaredOn'),
          email: f.opt('email'),
          userId: f.opt('userId'),
        },
        actor,
      );
      return { section: 'members', message: 'Член совета добавлен.' } satisfies ActionResult;
    }
    if (intent === 'meeting') {
      const m = await createMeeting(
        context.db,
        council.id,
        {
          heldOn: f.text('heldOn'),
          place: f.text('place'),
          format: f.text('format'),
          presidingMemberId: f.opt('presidingMemberId'),
          secretaryMemberId: f.opt('secretaryMemberId'),
        },
        actor,
      );
      return redirect(`/council/${council.id}/meetings/${m.id}`);
    }
    if (intent === 'info') {
      await addInfoMeeting(
        context.db,
        council.territoryId,
        {
          heldOn: f.text('heldOn'),
          topic: f.text('topic'),
          attendees: f.text('attendees'),
          materials: f.text('materials'),
          record: f.text('record'),
        },
        actor,
      );
      return { section: 'info', message: 'Информационная встреча записана.' } satisfies ActionResult;
    }
  } catch (err) {
    return refusal(intent === 'member' ? 'members' : intent === 'meeting' ? 'meetings' : intent, err);
  }
  requireCan(context, request, 'council.manage');
  return unknownIntent();
}

export default function CouncilPage({ loaderData, actionData }: Route.ComponentProps) {
  const {
    council: c,
    members,
    meetings,
    meetingsWarning,
    decisions,
    campaigns,
    accounts,
    infoMeetings,
    infoWarning,
    canManage,
    canRecord,
    canAuthority,
    csrfToken,
    today,
  } = loaderData;
  const result = actionData as ActionResult | undefined;
  const serving = members.filter((m) => m.serving);
  const chair = serving.find((m) => m.role === 'chair');
  const secretary = serving.find((m) => m.role === 'secretary');
  const servingOptions = serving.map((m) => ({ value: m.id, label: `${m.name} (${memberRoleLabels[m.role]})` }));
  return (
    <section>
      <p>
        <a href="/council">← Советы</a>
      </p>
      <h1>{c.name}</h1>
      <p>
        Кворум: {quorumRuleLabels[c.quorumRule]}; {tieRuleLabels[c.tieRule]}; заочное голосование{' '}
        {c.absenteeVoting ? 'допускается' : 'не допускается'}. <a href={`/sovet/${c.id}`}>Публичная страница совета</a>
      </p>

      <h2 id="campaigns">Кампании: сроки, предложения, решения органа</h2>
      {campaigns.length === 0 ? (
        <p>У территории совета нет кампаний.</p>
      ) : (
        <ul>
          {campaigns.map((k) => (
            <li key={k.id}>
              <a href={`/council/${c.id}/campaigns/${k.id}`}>{k.title}</a>
            </li>
          ))}
        </ul>
      )}

      <h2 id="meetings">Заседания</h2>
      <Result result={result} section="meetings" />
      {meetingsWarning ? <p className="warn-text">{meetingsWarning}</p> : null}
      {meetings.length === 0 ? (
        <p>Заседаний ещё не было.</p>
      ) : (
        <TableScroll label="Таблица: заседания совета">
          <table>
            <caption className="visually-hidden">Заседания совета</caption>
            <thead>
              <tr>
                <th scope="col">Протокол</th>
                <th scope="col">Дата</th>
                <th scope="col">Форма</th>
                <th scope="col">Протокол опубликован</th>
              </tr>
            </thead>
            <tbody>
              {meetings.map((m) => (
                <tr key={m.id}>
                  <td>
                    <a href={`/council/${c.id}/meetings/${m.id}`}>
                      № {m.number} ({m.year})
                    </a>
                  </td>
                  <td>{ruDate(m.heldOn)}</td>
                  <td>{meetingFormatLabels[m.format]}</td>
                  <td>{m.published ? 'да' : 'нет'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {canRecord ? (
        <details>
          <summary>Новое заседание</summary>
          <Form method="post" className="stack">
            <Csrf token={csrfToken} />
            <input type="hidden" name="intent" value="meeting" />
            <DateInput name="heldOn" id="m-heldOn" label="Дата" required defaultValue={today} />
            <TextInput name="place" id="m-place" label="Место" maxLength={500} />
            <Select
              name="format"
              id="m-format"
              label="Форма проведения"
              options={meetingFormats
                .filter((x) => x !== 'absentee' || c.absenteeVoting)
                .map((x) => ({ value: x, label: meetingFormatLabels[x] }))}
            />
            <Select
              name="presidingMemberId"
              id="m-presiding"
              label="Председательствующий"
              defaultValue={chair?.id ?? ''}
              placeholder="— не выбран —"
              options={servingOptions}
            />
            <Select
              name="secretaryMemberId"
              id="m-secretary"
              label="Секретарь"
              defaultValue={secretary?.id ?? ''}
              placeholder="— не выбран —"
              options={servingOptions}
            />
            <p>
              <button type="submit">Создать заседание</button>
            </p>
          </Form>
        </details>
      ) : null}

      <h2 id="members">Состав совета ({serving.length} в должности)</h2>
      <Result result={result} section="members" />
      {serving.length < 5 ? <p className="warn-text">В совете обычно не меньше пяти членов.</p> : null}
      <TableScroll label="Таблица: члены совета">
        <table>
          <caption className="visually-hidden">Члены совета</caption>
          <thead>
            <tr>
              <th scope="col">Член совета</th>
              <th scope="col">Роль</th>
              <th scope="col">Кого представляет</th>
              <th scope="col">Срок полномочий</th>
              <th scope="col">Декларация</th>
              {canManage ? <th scope="col">Изменить</th> : null}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id} className={m.serving ? undefined : 'muted'}>
                <td>
                  {m.name}
                  {m.serving ? '' : ' (срок истёк или не начался)'}
                </td>
                <td>{memberRoleLabels[m.role]}</td>
                <td>{m.represents || '—'}</td>
                <td>
                  {ruDate(m.termFrom)}–{ruDate(m.termTo)}
                </td>
                <td>
                  {m.eligibilityDeclaredOn ? (
                    `подписана ${ruDate(m.eligibilityDeclaredOn)}`
                  ) : (
                    <span className="warn-text">нет</span>
                  )}
                </td>
                {canManage ? (
                  <td>
                    <a href={`/council/${c.id}/members/${m.id}`}>
                      Изменить<span className="visually-hidden">: {m.name}</span>
                    </a>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {canManage ? (
        <details>
          <summary>Добавить члена совета</summary>
          <MemberForm csrfToken={csrfToken} accounts={accounts} />
        </details>
      ) : null}

      <h2 id="decisions">Решения совета</h2>
      {decisions.length === 0 ? (
        <p>Решений пока нет.</p>
      ) : (
        <ul>
          {decisions.map((d) => (
            <li key={d.id}>
              <a href={`/council/${c.id}/decisions/${d.id}`}>
                № {d.number} от {ruDate(d.decidedOn)}
              </a>{' '}
              — {decisionKindLabels[d.kind]}
              {d.campaignTitle ? ` (${d.campaignTitle})` : ''}
              {d.source === 'migrated' ? ', внесено без протокола в НОКО' : ''}
            </li>
          ))}
        </ul>
      )}

      <h2 id="info">Информационные встречи органа с руководителями организаций</h2>
      <Result result={result} section="info" />
      {infoWarning ? <p className="warn-text">{infoWarning}</p> : null}
      {infoMeetings.length === 0 ? (
        <p>Встречи не записаны.</p>
      ) : (
        <ul>
          {infoMeetings.map((m) => (
            <li key={m.id}>
              <strong>{ruDate(m.heldOn)}</strong> — {m.topic}
              {m.attendees ? `; участники: ${m.attendees}` : ''}
              {m.materials ? `; материалы: ${m.materials}` : ''}
              {m.record ? `. ${m.record}` : ''}
            </li>
          ))}
        </ul>
      )}
      {canAuthority ? (
        <details>
          <summary>Записать встречу</summary>
          <Form method="post" className="stack">
            <Csrf token={csrfToken} />
            <input type="hidden" name="intent" value="info" />
            <DateInput name="heldOn" id="i-heldOn" label="Дата" required />
            <TextInput name="topic" id="i-topic" label="Тема" required maxLength={1000} />
            <Textarea name="attendees" id="i-attendees" label="Участники" rows={3} />
            <Textarea name="materials" id="i-materials" label="Материалы" rows={2} />
            <Textarea name="record" id="i-record" label="Краткая запись" rows={3} />
            <p>
              <button type="submit">Записать встречу</button>
            </p>
          </Form>
        </details>
      ) : null}

      {canManage ? (
        <>
          <h2 id="settings">Настройки совета</h2>
          <Result result={result} section="settings" />
          <Form method="post" className="stack">
            <Csrf token={csrfToken} />
            <input type="hidden" name="intent" value="settings" />
            <TextInput name="name" label="Название совета" required maxLength={300} defaultValue={c.name} />
            <SettingsFields
              quorumRule={c.quorumRule}
              tieRule={c.tieRule}
              absenteeVoting={c.absenteeVoting}
              proposalThreshold={c.proposalThreshold}
            />
            <p>
              <button type="submit">Сохранить настройки</button>
            </p>
          </Form>
        </>
      ) : null}
    </section>
  );
}
