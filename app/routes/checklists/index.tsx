import { useLoaderData } from 'react-router';
import { requireUser } from '../../server/guard';
import type { Route } from './+types/index';
import { authorize, canEdit, getChecklistCounts } from './checklists.server';
import { pluralRu } from '../../../src/lib/ru';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: d ? `Чек-листы — ${d.organisation.shortName} — НОКО` : 'Чек-листы — НОКО' }];
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const ctx = await authorize(context, user, params.campaignId, params.orgId, 'view');
  const [counts, editable] = await Promise.all([
    getChecklistCounts(context.db, ctx.campaign.id, ctx.organisation.id),
    canEdit(context, user, ctx),
  ]);
  return {
    campaign: { id: ctx.campaign.id, title: ctx.campaign.title },
    organisation: {
      id: ctx.organisation.id,
      shortName: ctx.organisation.shortName,
      fullName: ctx.organisation.fullName,
      website: ctx.organisation.website,
    },
    editable,
    lists: ctx.definitions.map((def) => {
      const c = counts?.byChecklist[def.key];
      return {
        key: def.key,
        indicator: def.indicator,
        title: def.title,
        items: def.items.length,
        answered: c ? c.items - c.unanswered : 0,
        yes: c?.yes ?? 0,
        norm: c?.norm ?? def.items.length,
      };
    }),
  };
}

// «из 21 пункта», «из 5 пунктов»: the genitive after «из».
const itemsWord = (n: number) => pluralRu(n, ['пункта', 'пунктов', 'пунктов']);

export default function ChecklistsOverview() {
  const d = useLoaderData<typeof loader>();
  const base = `/campaigns/${d.campaign.id}/org/${d.organisation.id}/checklists`;
  return (
    <section className="checklist">
      <h1>{`Чек-листы: ${d.organisation.shortName}`}</h1>
      <p className="hint">{`${d.organisation.fullName} · ${d.campaign.title}`}</p>
      {d.organisation.website && (
        <p>
          Сайт организации:{' '}
          <a
            href={
              d.organisation.website.startsWith('http') ? d.organisation.website : `https://${d.organisation.website}`
            }
            rel="noopener noreferrer nofollow"
          >
            {d.organisation.website}
          </a>
        </p>
      )}
      {!d.editable && <p className="notice">Только просмотр.</p>}
      <ul className="cl-lists">
        {d.lists.map((l) => (
          <li key={l.key}>
            <a className="cl-list-link" href={`${base}/${l.key}`}>
              <span className="cl-list-title">{`${l.indicator}. ${l.title}`}</span>
              <span className="cl-list-progress">
                {`отмечено ${l.answered} из ${l.items} ${itemsWord(l.items)}${l.answered > 0 ? ` · «да»: ${l.yes} из ${l.norm} применимых` : ''}`}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
