import type { RouteConfigEntry } from '@react-router/dev/routes';
import { room } from '../room';

const { route, prefix } = room(import.meta.dirname);

export default [
  route('registry', 'index.tsx'),
  ...prefix('registry', [
    route('template/:format', 'template.tsx'),
    route('org/:id', 'org.tsx'),
    route(':territoryId', 'territory.tsx'),
    route(':territoryId/export/:format', 'export.tsx'),
  ]),
] satisfies RouteConfigEntry[];
