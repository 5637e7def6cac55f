import type { RouteConfigEntry } from '@react-router/dev/routes';
import { room } from '../room';

const { route } = room(import.meta.dirname);

export default [
  route('login', 'login.tsx'),
  route('logout', 'logout.tsx'),
  route('setup/:token', 'setup.tsx'),
  route('admin/users', 'users.tsx'),
  route('admin/users/:userId', 'user-edit.tsx'),
] satisfies RouteConfigEntry[];
