import type { RouteConfigEntry } from '@react-router/dev/routes';
import { room } from '../room';

const { route, prefix } = room(import.meta.dirname);

// Official documents of a campaign, built as background jobs (docs/documents.md).
export default [
  ...prefix('documents', [
    route('campaigns/:campaignId', 'campaign.tsx'),
    route('jobs/:jobId', 'job.tsx'),
    route('jobs/:jobId/file', 'file.tsx'),
  ]),
] satisfies RouteConfigEntry[];
