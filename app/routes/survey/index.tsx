import { Link } from 'react-router';
import { listCampaigns } from '../../../src/campaigns/campaigns.server';
import { campaignStatusLabels } from '../../../src/campaigns/status';
import { visibleTerritoryIds } from '../../../src/registry/organisations.server';
import { requireCan } from '../../server/guard';
import type { Route } from './+types/index';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Опрос получателей услуг — НОКО' }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireCan(context, request, 'survey.monitor');
  const list = await listCampaigns(context.db, await visibleTerritoryIds(context.db, user));
  return {
    campaigns: list
      .filter((c) => c.status !== 'draft')
      .map((c) => ({
        id: c.id,
        title: c.title,
        year: c.year,
        territoryName: c.territoryName,
        status: campaignStatusLabels[c.status],
      })),
  };
}

export default function SurveyIndex({ loaderData }: Route.ComponentProps) {
  const { campaigns } = loaderData;
  return (
    <>
      <h1>Опрос получателей услуг</h1>
      {campaigns.length === 0 ? (
        <p>Кампаний со сбором анкет пока нет.</p>
      ) : (
        <ul>
          {campaigns.map((c) => (
            <li key={c.id}>
              <Link to={`/campaigns/${c.id}/survey`}>
                {c.title} ({c.year}, {c.territoryName})
              </Link>{' '}
              — {c.status}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
