import type { RouteConfigEntry } from '@react-router/dev/routes';
import { room } from '../room';

const { route, prefix } = room(import.meta.dirname);

export default [
  route('campaigns', 'index.tsx'),
  ...prefix('campaigns', [route('new', 'new.tsx'), route(':id', 'detail.tsx')]),
] satisfies RouteConfigEntry[];
