import type { RouteConfigEntry } from '@react-router/dev/routes';
import { room } from '../room';

const { route } = room(import.meta.dirname);

export default [route('dashboard', 'dashboard.tsx')] satisfies RouteConfigEntry[];
