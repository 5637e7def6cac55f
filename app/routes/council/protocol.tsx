import { data } from 'react-router';
import { getMeetingFull, meetingProtocol } from '../../../src/council/meetings.server';
import { ProtocolView } from './components';
import { councilFor } from './common.server';
import { protocolAnnexes } from './annexes.server';
import type { Route } from './+types/protocol';
import { DocumentLinks } from '../downloads/links';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: d ? `${d.protocol.title} от ${d.protocol.date} — НОКО` : 'Протокол — НОКО' }];
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { council } = await councilFor(context, request, params.councilId, 'council.view');
  const full = await getMeetingFull(context.db, council.id, params.meetingId);
  if (!full) throw data('Заседание не найдено.', { status: 404 });
  return {
    protocol: meetingProtocol(full, await protocolAnnexes(context.db, full, false)),
    back: `/council/${council.id}/meetings/${full.meeting.id}`,
    scanHref: full.meeting.scan ? `/council/${council.id}/meetings/${full.meeting.id}/scan` : null,
    published: !!full.meeting.publishedAt,
    // The download route is per campaign: the campaign this meeting decided on.
    docCampaignId: full.items.find((i) => i.campaignId)?.campaignId ?? null,
    meetingId: full.meeting.id,
  };
}

export default function ProtocolPage({ loaderData }: Route.ComponentProps) {
  const { protocol, back, scanHref, published, docCampaignId, meetingId } = loaderData;
  return (
    <section>
      <p className="no-print">
        <a href={back}>← К заседанию</a>
        {published ? '' : ' · Протокол ещё не опубликован: это проект.'}
      </p>
      {docCampaignId ? (
        <div className="no-print">
          <DocumentLinks
            campaignId={docCampaignId}
            heading={null}
            items={[
              { kind: 'protocol', title: 'Скачать протокол', formats: ['docx', 'pdf'], query: { meeting: meetingId } },
            ]}
          />
        </div>
      ) : null}
      <ProtocolView p={protocol} scanHref={scanHref} />
    </section>
  );
}
