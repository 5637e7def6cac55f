import { downloadDocument } from './download.server';
import type { Route } from './+types/document';

/** Resource route: one of docs2's documents of a campaign (app/routes/downloads/download.server.ts). */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  return downloadDocument(request, context, params);
}
