import type { RouteConfigEntry } from '@react-router/dev/routes';
import { room } from '../room';

const { route, prefix } = room(import.meta.dirname);

export default [
  // staff pages
  route('council', 'index.tsx'),
  route('council/:councilId', 'council.tsx'),
  ...prefix('council/:councilId', [
    route('members/:memberId', 'member.tsx'),
    route('meetings/:meetingId', 'meeting.tsx'),
    route('meetings/:meetingId/protocol', 'protocol.tsx'),
    route('meetings/:meetingId/scan', 'scan.tsx'),
    route('decisions/:decisionId', 'decision.tsx'),
    route('campaigns/:campaignId', 'campaign.tsx'),
  ]),
  // public pages (Russian URLs, as printed on the council's documents)
  route('sovet', 'public-index.tsx'),
  route('sovet/:councilId', 'public.tsx'),
  ...prefix('sovet/:councilId', [
    route('protokol/:meetingId', 'public-protocol.tsx'),
    route('protokol/:meetingId/skan', 'public-scan.tsx'),
  ]),
] satisfies RouteConfigEntry[];
