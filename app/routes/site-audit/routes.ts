import type { RouteConfigEntry } from '@react-router/dev/routes';
import { room } from '../room';

const { route } = room(import.meta.dirname);

export default [
  route('campaigns/:campaignId/site-audit', 'campaign.tsx'),
  route('campaigns/:campaignId/site-audit/summary', 'summary.tsx'),
  route('site-audit/result/:resultId', 'result.tsx'),
  route('site-audit/result/:resultId/print', 'print.tsx'),
] satisfies RouteConfigEntry[];
