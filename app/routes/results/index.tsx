import { listCampaigns } from '../../../src/campaigns/campaigns.server';
import { can } from '../../../src/auth/policy';
import { territoryChain } from '../../../src/auth/scope.server';
import { listVersions, resultStatusLabels } from '../../../src/results/versions.server';
import { requireCan } from '../../server/guard';
import type { Route } from './+types/index';
import { TableScroll } from '../../ui/controls';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Результаты оценки — НОКО' }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireCan(context, request, 'results.compute');
  const all = await listCampaigns(context.db);
  const rows = [];
  for (const c of all) {
    if (!can(user, 'results.compute', { territoryIds: await territoryChain(context.db, c.territoryId) })) continue;
    const versions = await listVersions(context.db, c.id);
    const latest = versions[0];
    rows.push({
      id: c.id,
      title: c.title,
      year: c.year,
      territoryName: c.territoryName,
      latest: latest ? `версия ${latest.version}: ${resultStatusLabels[latest.status]}` : 'ещё не рассчитано',
    });
  }
  return { rows };
}

export default function Results({ loaderData }: Route.ComponentProps) {
  return (
    <section>
      <h1>Результаты оценки</h1>
      <p>Расчёт баллов по чек-листам и опросу, утверждение советом, публикация и исправления.</p>
      {loaderData.rows.length === 0 ? (
        <p>Нет кампаний, доступных вашей учётной записи.</p>
      ) : (
        <TableScroll label="Таблица: кампании">
          <table>
            <caption>Кампании</caption>
            <thead>
              <tr>
                <th scope="col">Кампания</th>
                <th scope="col">Территория</th>
                <th scope="col">Год</th>
                <th scope="col">Результаты</th>
              </tr>
            </thead>
            <tbody>
              {loaderData.rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <a href={`/results/${r.id}`}>{r.title}</a>
                  </th>
                  <td>{r.territoryName}</td>
                  <td>{r.year}</td>
                  <td>{r.latest}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
