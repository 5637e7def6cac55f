import type { RouteConfigEntry } from '@react-router/dev/routes';
import { room } from '../room';

const { route, prefix } = room(import.meta.dirname);
const base = 'campaigns/:campaignId/org/:orgId/checklists';

export default [
  route(base, 'index.tsx'),
  ...prefix(base, [route('photos/:sha256', 'photo.tsx'), route(':checklist', 'sheet.tsx')]),
] satisfies RouteConfigEntry[];
