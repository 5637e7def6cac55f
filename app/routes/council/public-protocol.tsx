import { data } from 'react-router';
import { getMeetingFull, meetingProtocol } from '../../../src/council/meetings.server';
import { ProtocolView } from './components';
import { protocolAnnexes } from './annexes.server';
import type { Route } from './+types/public-protocol';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: d ? `${d.protocol.title} от ${d.protocol.date} — ${d.protocol.councilName}` : 'Протокол — НОКО' }];
}

export async function loader({ context, params }: Route.LoaderArgs) {
  const full = await getMeetingFull(context.db, params.councilId, params.meetingId);
  if (!full || !full.meeting.publishedAt) throw data('Протокол не найден или ещё не опубликован.', { status: 404 });
  return {
    protocol: meetingProtocol(full, await protocolAnnexes(context.db, full, true)),
    councilId: full.council.id,
    scanHref: full.meeting.scan ? `/sovet/${full.council.id}/protokol/${full.meeting.id}/skan` : null,
  };
}

export default function PublicProtocol({ loaderData }: Route.ComponentProps) {
  return (
    <section>
      <p className="no-print">
        <a href={`/sovet/${loaderData.councilId}`}>← Совет</a>
      </p>
      <ProtocolView p={loaderData.protocol} scanHref={loaderData.scanHref} />
    </section>
  );
}
