import type { RouteConfigEntry } from '@react-router/dev/routes';
import { room } from '../room';

const { route } = room(import.meta.dirname);

// Downloads of the official documents of a campaign (docs2's kinds of src/documents): one resource
// route, linked from the page where each document's data lives.
export default [route('downloads/:campaignId/:kind/:format', 'document.tsx')] satisfies RouteConfigEntry[];
