import type { RouteConfigEntry } from '@react-router/dev/routes';
import { room } from '../room';

const { route, prefix } = room(import.meta.dirname);
const base = 'campaigns/:campaignId/survey';

export default [
  route('survey', 'index.tsx'),
  route('my/survey', 'own.tsx'),
  route(base, 'dashboard.tsx'),
  ...prefix(base, [
    route('paper', 'paper.tsx'),
    route('quarantine', 'quarantine.tsx'),
    route('suggestions', 'suggestions.tsx'),
  ]),
] satisfies RouteConfigEntry[];
