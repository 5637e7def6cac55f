import type { RouteConfigEntry } from '@react-router/dev/routes';
import { room } from '../room';

const { route } = room(import.meta.dirname);

export default [route('admin/calendar', 'admin.tsx')] satisfies RouteConfigEntry[];
