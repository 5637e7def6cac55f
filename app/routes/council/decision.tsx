import { data } from 'react-router';
import { decisionDocument } from '../../../src/council/decision-document';
import { decisionOf } from '../../../src/council/public.server';
import { councilFor } from './common.server';
import type { Route } from './+types/decision';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: d ? `${d.doc.title} ${d.doc.subtitle} — НОКО` : 'Решение — НОКО' }];
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { council } = await councilFor(context, request, params.councilId, 'council.view');
  const found = await decisionOf(context.db, council.id, params.decisionId);
  if (!found) throw data('Решение не найдено.', { status: 404 });
  const { decision: d, organisations: orgs, campaignTitle } = found;
  const doc = decisionDocument({
    councilName: council.name,
    kind: d.kind,
    number: d.number,
    decidedOn: d.decidedOn,
    text: d.text,
    payload: d.payload,
    campaignTitle,
    organisations: orgs,
    proposalsAdopted: Number(d.payload.proposalsAdopted ?? 0),
  });
  return { doc, councilId: council.id, meetingId: d.meetingId };
}

export default function DecisionPage({ loaderData }: Route.ComponentProps) {
  const { doc, councilId, meetingId } = loaderData;
  return (
    <section>
      <p className="no-print">
        <a href={meetingId ? `/council/${councilId}/meetings/${meetingId}` : `/council/${councilId}#decisions`}>
          ← Назад
        </a>
      </p>
      <article className="protocol">
        <p className="protocol-council">{doc.councilName}</p>
        <h1>{doc.title}</h1>
        <p>{doc.subtitle}</p>
        {doc.basis ? <p>Основание: {doc.basis}.</p> : <p>Решение внесено без протокола заседания в НОКО.</p>}
        {doc.paragraphs.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
        {doc.list ? (
          <>
            <h2>{doc.list.heading}</h2>
            {doc.list.items.length ? (
              <ol>
                {doc.list.items.map((x, i) => (
                  <li key={i}>{x}</li>
                ))}
              </ol>
            ) : (
              <p>—</p>
            )}
          </>
        ) : null}
      </article>
    </section>
  );
}
