import type { RouteConfigEntry } from '@react-router/dev/routes';
import { room } from '../room';

const { route, prefix } = room(import.meta.dirname);

export default [
  route('results', 'index.tsx'),
  ...prefix('results', [route(':campaignId', 'campaign.tsx')]),
] satisfies RouteConfigEntry[];
