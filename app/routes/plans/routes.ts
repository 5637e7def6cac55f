import type { RouteConfigEntry } from '@react-router/dev/routes';
import { room } from '../room';

const { route, prefix } = room(import.meta.dirname);

// Improvement plans and the control of their execution.
export default [
  route('plans', 'index.tsx'),
  ...prefix('plans', [route(':planId', 'plan.tsx'), route(':planId/evidence/:evidenceId', 'evidence.tsx')]),
] satisfies RouteConfigEntry[];
