import { listCouncils } from '../../../src/council/council.server';
import type { Route } from './+types/public-index';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Общественные советы по независимой оценке — НОКО' }];
}

export async function loader({ context }: Route.LoaderArgs) {
  return {
    councils: (await listCouncils(context.db)).map((c) => ({ id: c.id, name: c.name, territoryName: c.territoryName })),
  };
}

export default function PublicCouncils({ loaderData }: Route.ComponentProps) {
  return (
    <section>
      <h1>Общественные советы по независимой оценке качества</h1>
      {loaderData.councils.length === 0 ? (
        <p>Советы ещё не заведены.</p>
      ) : (
        <ul>
          {loaderData.councils.map((c) => (
            <li key={c.id}>
              <a href={`/sovet/${c.id}`}>{c.name}</a> — {c.territoryName}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
