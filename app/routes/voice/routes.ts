import type { RouteConfigEntry } from '@react-router/dev/routes';
import { room } from '../room';

const { route, prefix } = room(import.meta.dirname);

// Citizens' voice (issue 16): staff pages; the public ones are Hono pages in app/hot.
export default [
  route('voice', 'index.tsx'),
  ...prefix('voice', [
    route('t/:territoryId', 'territory.tsx'),
    route('t/:territoryId/moderation', 'moderation.tsx'),
    route('org/:orgId', 'organisation.tsx'),
  ]),
] satisfies RouteConfigEntry[];
