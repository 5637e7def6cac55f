import type { RouteConfigEntry } from '@react-router/dev/routes';
import { room } from '../room';

const { route } = room(import.meta.dirname);

export default [
  route('campaigns/:campaignId/site-audit', 'campaign.tsx'),
  route('site-audit/result/:resultId', 'result.tsx'),
] satisfies RouteConfigEntry[];
