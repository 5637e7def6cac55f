import { inArray } from 'drizzle-orm';
import { territories } from '../../../src/db/schema/registry';
import { visibleTerritoryIds } from '../../../src/registry/organisations.server';
import { territoriesWithOrganisations } from '../../../src/voice/settings.server';
import { requireCan } from '../../server/guard';
import type { Route } from './+types/index';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Голос граждан — НОКО' }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const u = context.user;
  if (u?.role === 'organisation') {
    requireCan(context, request, 'voice.view', { organisationId: u.organisationId ?? undefined });
    return { territories: [], organisationId: u.organisationId };
  }
  const user = requireCan(context, request, 'voice.view');
  const visible = await visibleTerritoryIds(context.db, user);
  const withOrgs = await territoriesWithOrganisations(context.db);
  const list = visible ? withOrgs.filter((t) => visible.includes(t.id)) : withOrgs;
  if (visible && list.length === 0 && visible.length > 0) {
    const own = await context.db
      .select({ id: territories.id, name: territories.name })
      .from(territories)
      .where(inArray(territories.id, visible));
    return { territories: own, organisationId: null };
  }
  return { territories: list, organisationId: null };
}

export default function VoiceIndex({ loaderData }: Route.ComponentProps) {
  return (
    <section>
      <h1>Голос граждан</h1>
      <p>
        Постоянная анкета (открыта круглый год, те же вопросы, что в опросе НОК) и отзывы об организациях с модерацией и
        публичными ответами. Эти данные не входят в официальную оценку.
      </p>
      {loaderData.organisationId ? (
        <p>
          <a href={`/voice/org/${loaderData.organisationId}`}>
            Отзывы о вашей организации, сроки ответов и постоянная анкета
          </a>
        </p>
      ) : loaderData.territories.length === 0 ? (
        <p>Нет территорий с организациями.</p>
      ) : (
        <ul>
          {loaderData.territories.map((t) => (
            <li key={t.id}>
              <a href={`/voice/t/${t.id}`}>{t.name}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
