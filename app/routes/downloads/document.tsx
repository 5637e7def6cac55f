import { downloadDocument, queueDocument } from './download.server';
import type { Route } from './+types/document';

/** Resource route: one of docs2's documents of a campaign (app/routes/downloads/download.server.ts). */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  return downloadDocument(request, context, params);
}

/** A kind built as a background job (the bus.gov.ru package) is queued by a POST here. */
export async function action({ request, context, params }: Route.ActionArgs) {
  return queueDocument(request, context, params);
}
