import { can } from '../../../src/auth/policy';
import { listCampaigns } from '../../../src/campaigns/campaigns.server';
import { campaignStatusLabels } from '../../../src/campaigns/status';
import { visibleTerritoryIds } from '../../../src/registry/organisations.server';
import { requireCan } from '../../server/guard';
import type { Route } from './+types/index';
import { TableScroll } from '../../ui/controls';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Кампании оценки — НОКО' }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireCan(context, request, 'campaign.view');
  const list = await listCampaigns(context.db, await visibleTerritoryIds(context.db, user));
  return {
    campaigns: list.map((c) => ({
      id: c.id,
      title: c.title,
      year: c.year,
      territoryName: c.territoryName,
      status: c.status,
    })),
    canCreate: can(user, 'campaign.edit'),
  };
}

export default function Campaigns({ loaderData }: Route.ComponentProps) {
  const { campaigns, canCreate } = loaderData;
  return (
    <section>
      <h1>Кампании оценки</h1>
      {canCreate ? (
        <p>
          <a className="button" href="/campaigns/new">
            Новая кампания
          </a>
        </p>
      ) : null}
      {campaigns.length === 0 ? (
        <p>Кампаний пока нет.</p>
      ) : (
        <TableScroll label="Таблица: кампании">
          <table>
            <caption className="visually-hidden">Кампании</caption>
            <thead>
              <tr>
                <th scope="col">Год</th>
                <th scope="col">Кампания</th>
                <th scope="col">Территория</th>
                <th scope="col">Этап</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => (
                <tr key={c.id}>
                  <td className="num">{c.year}</td>
                  <td>
                    <a href={`/campaigns/${c.id}`}>{c.title}</a>
                  </td>
                  <td>{c.territoryName}</td>
                  <td>{campaignStatusLabels[c.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
