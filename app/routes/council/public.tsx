import { data } from 'react-router';
import { todayIso } from '../../../src/campaigns/dates';
import { decisionKindLabels, memberRoleLabels } from '../../../src/council/labels';
import { meetingFormatLabels, ruDate } from '../../../src/council/protocol';
import { publicCouncil, publicProposals } from '../../../src/council/public.server';
import { ProposalsList } from './components';
import type { Route } from './+types/public';
import { TableScroll } from '../../ui/controls';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `${d?.name ?? 'Общественный совет'} — НОКО` }];
}

export async function loader({ context, params }: Route.LoaderArgs) {
  const p = await publicCouncil(context.db, params.councilId, todayIso());
  if (!p) throw data('Совет не найден.', { status: 404 });
  const campaignIds = [
    ...new Set(p.decisions.filter((d) => d.kind === 'results' && d.campaignId).map((d) => d.campaignId!)),
  ];
  const proposals = [];
  for (const id of campaignIds) {
    const list = await publicProposals(context.db, id);
    if (list.length)
      proposals.push({
        campaignId: id,
        title: p.decisions.find((d) => d.campaignId === id)?.campaignTitle ?? '',
        list,
      });
  }
  return {
    id: p.council.id,
    name: p.council.name,
    territoryName: p.territoryName,
    members: p.members,
    meetings: p.meetings,
    decisions: p.decisions.map((d) => ({
      id: d.id,
      kind: d.kind,
      number: d.number,
      decidedOn: d.decidedOn,
      text: d.text,
      campaignTitle: d.campaignTitle,
      meetingId: d.meetingId,
    })),
    proposals,
  };
}

export default function PublicCouncil({ loaderData }: Route.ComponentProps) {
  const { id, name, territoryName, members, meetings, decisions, proposals } = loaderData;
  return (
    <section>
      <p>
        <a href="/sovet">← Все советы</a>
      </p>
      <h1>{name}</h1>
      <p>{territoryName}</p>
      <h2>Состав совета</h2>
      {members.length === 0 ? (
        <p>Состав не опубликован.</p>
      ) : (
        <TableScroll label="Таблица: члены совета">
          <table>
            <caption className="visually-hidden">Члены совета</caption>
            <thead>
              <tr>
                <th scope="col">Член совета</th>
                <th scope="col">Роль</th>
                <th scope="col">Кого представляет</th>
                <th scope="col">Полномочия</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <td>{m.name}</td>
                  <td>{memberRoleLabels[m.role]}</td>
                  <td>{m.represents || '—'}</td>
                  <td>
                    {ruDate(m.termFrom)}–{ruDate(m.termTo)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h2>Заседания и протоколы</h2>
      {meetings.length === 0 ? (
        <p>Опубликованных протоколов пока нет.</p>
      ) : (
        <ul>
          {meetings.map((m) => (
            <li key={m.id}>
              <a href={`/sovet/${id}/protokol/${m.id}`}>
                Протокол № {m.number} от {ruDate(m.heldOn)}
              </a>{' '}
              ({meetingFormatLabels[m.format]})
              {m.hasScan ? (
                <>
                  {' '}
                  · <a href={`/sovet/${id}/protokol/${m.id}/skan`}>скан протокола № {m.number}</a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <h2>Решения</h2>
      {decisions.length === 0 ? (
        <p>Опубликованных решений пока нет.</p>
      ) : (
        <ul>
          {decisions.map((d) => (
            <li key={d.id}>
              <strong>
                № {d.number} от {ruDate(d.decidedOn)}
              </strong>{' '}
              — {decisionKindLabels[d.kind]}
              {d.campaignTitle ? ` (${d.campaignTitle})` : ''}
              {d.text ? `: ${d.text}` : ''}
              {d.meetingId ? (
                <>
                  {' '}
                  <a href={`/sovet/${id}/protokol/${d.meetingId}`}>протокол решения № {d.number}</a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {proposals.map((g) => (
        <section key={g.campaignId} id={`proposals-${g.campaignId}`}>
          <h2>Предложения об улучшении деятельности организаций: {g.title}</h2>
          <ProposalsList proposals={g.list} grouped />
        </section>
      ))}
    </section>
  );
}
