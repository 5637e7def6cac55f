import { and, eq, inArray } from 'drizzle-orm';
import { data } from 'react-router';
import { decisionDocument } from '../../../src/council/decision-document';
import { campaignDecisions } from '../../../src/council/public.server';
import { councilDecisions } from '../../../src/db/schema/council';
import { organisations } from '../../../src/db/schema/registry';
import { isUuid } from '../../../src/council/errors';
import { councilFor } from './common.server';
import type { Route } from './+types/decision';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: d ? `${d.doc.title} ${d.doc.subtitle} — НОКО` : 'Решение — НОКО' }];
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { council } = await councilFor(context, request, params.councilId, 'council.view');
  const [d] = isUuid(params.decisionId) ? await context.db.select().from(councilDecisions).where(and(eq(councilDecisions.id, params.decisionId), eq(councilDecisions.councilId, council.id))) : [];
  if (!d) throw data('Решение не найдено.', { status: 404 });
  const ids = Array.isArray(d.payload.organisationIds) ? (d.payload.organisationIds as string[]) : [];
  const orgs = ids.length ? await context.db.select({ id: organisations.id, name: organisations.shortName }).from(organisations).where(inArray(organisations.id, ids)) : [];
  const campaignTitle = d.campaignId ? ((await campaignDecisions(context.db, d.campaignId))[0]?.campaignTitle ?? null) : null;
  const doc = decisionDocument({
    councilName: council.name,
    kind: d.kind,
    number: d.number,
    decidedOn: d.decidedOn,
    text: d.text,
    payload: d.payload,
    campaignTitle,
    organisations: orgs.sort((a, b) => a.name.localeCompare(b.name, 'ru')),
    proposalsAdopted: Number(d.payload.proposalsAdopted ?? 0),
  });
  return { doc, councilId: council.id, meetingId: d.meetingId };
}

export default function DecisionPage({ loaderData }: Route.ComponentProps) {
  const { doc, councilId, meetingId } = loaderData;
  return (
    <section>
      <p className="no-print"><a href={meetingId ? `/council/${councilId}/meetings/${meetingId}` : `/council/${councilId}#decisions`}>← Назад</a></p>
      <article className="protocol">
        <p className="protocol-council">{doc.councilName}</p>
        <h1>{doc.title}</h1>
        <p>{doc.subtitle}</p>
        {doc.basis ? <p>Основание: {doc.basis}.</p> : <p>Решение внесено без протокола заседания в НОКО.</p>}
        {doc.paragraphs.map((p, i) => <p key={i}>{p}</p>)}
        {doc.list ? (
          <>
            <h2>{doc.list.heading}</h2>
            {doc.list.items.length ? <ol>{doc.list.items.map((x, i) => <li key={i}>{x}</li>)}</ol> : <p>—</p>}
          </>
        ) : null}
      </article>
    </section>
  );
}
