import { campaignCalendar, listCampaigns, overdueSteps } from '../../src/campaigns/campaigns.server';
import { roleLabels } from '../../src/campaigns/calendar';
import { daysBetween, daysRu, formatRu, todayIso } from '../../src/campaigns/dates';
import { visibleTerritoryIds } from '../../src/registry/organisations.server';
import { requireCan } from '../server/guard';
import type { Route } from './+types/dashboard';
import { voiceStartItems } from '../../src/voice/start.server';
import { VoiceStartSection } from './voice/start-section';
import { planStartItems } from '../../src/plans/control.server';
import { PlanStartItems } from './plans/start-items';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Сроки и просрочки — НОКО' }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireCan(context, request, 'campaign.view');
  const territories = await visibleTerritoryIds(context.db, user);
  const today = todayIso();
  const overdue = await overdueSteps(context.db, territories, today);
  const active = (await listCampaigns(context.db, territories)).filter((c) => c.status !== 'closed');
  const clocks = [];
  for (const c of active) {
    const cal = await campaignCalendar(context.db, c, today);
    for (const k of cal.clocks) if (k.state === 'running' || k.state === 'overdue') clocks.push({ campaignId: c.id, campaignTitle: c.title, territoryName: c.territoryName, ...k });
  }
  return {
    today,
    overdue: overdue.map((s) => ({ id: s.id, campaignId: s.campaignId, campaignTitle: s.campaignTitle, territoryName: s.territoryName, title: s.title, role: s.responsibleRole, plannedOn: s.plannedOn!, late: daysBetween(s.plannedOn!, today) })),
    clocks,
    voice: await voiceStartItems(context.db, user, territories, today),
    plans: await planStartItems(context.db, user, today),
  };
}

export default function Dashboard({ loaderData }: Route.ComponentProps) {
  const { today, overdue, clocks, voice, plans } = loaderData;
  return (
    <section>
      <h1>Сроки и просрочки</h1>
      <p>На {formatRu(today)}.</p>
      <h2>Сроки по закону</h2>
      {clocks.length === 0 ? (
        <p>Сейчас не идёт ни один месячный срок.</p>
      ) : (
        <ul className="clocks">
          {clocks.map((k) => (
            <li key={`${k.campaignId}-${k.key}`} className={k.state === 'overdue' ? 'overdue' : undefined}>
              <a href={`/campaigns/${k.campaignId}#calendar`}>{k.campaignTitle}</a> ({k.territoryName}): <strong>{k.title}</strong> — срок {formatRu(k.deadline)}, {k.label}
            </li>
          ))}
        </ul>
      )}
      <h2>Просроченные шаги ({overdue.length})</h2>
      {overdue.length === 0 ? (
        <p>Просроченных шагов нет.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Просроченные шаги кампаний</caption>
          <thead>
            <tr>
              <th scope="col">Кампания</th>
              <th scope="col">Шаг</th>
              <th scope="col">Ответственный</th>
              <th scope="col">Плановая дата</th>
              <th scope="col">Просрочка</th>
            </tr>
          </thead>
          <tbody>
            {overdue.map((s) => (
              <tr key={s.id} className="overdue">
                <td><a href={`/campaigns/${s.campaignId}#calendar`}>{s.campaignTitle}</a> ({s.territoryName})</td>
                <td>{s.title}</td>
                <td>{roleLabels[s.role]}</td>
                <td>{formatRu(s.plannedOn)}</td>
                <td><strong>{daysRu(s.late)}</strong></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <VoiceStartSection items={voice} />
      <PlanStartItems items={plans} />
    </section>
  );
}
