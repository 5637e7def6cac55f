import type { RouteConfigEntry } from '@react-router/dev/routes';
import { room } from '../room';

const { index, route } = room(import.meta.dirname);

// Pages anyone can open without signing in: the home page, the accessibility statement, a campaign's public card.
export default [
  index('home.tsx'),
  route('accessibility', 'accessibility.tsx'),
  route('c/:campaignId', 'campaign.tsx'),
  route('c/:campaignId/document/:documentId', 'campaign-document.tsx'),
] satisfies RouteConfigEntry[];
