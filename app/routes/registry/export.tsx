import { data } from 'react-router';
import { territoryScope } from '../../../src/auth/scope.server';
import { contentTypes, exportOrganisations } from '../../../src/registry/export.server';
import { getTerritory, territoryWithChildren } from '../../../src/registry/organisations.server';
import { requireCan } from '../../server/guard';
import { fileResponse } from '../../ui/forms';
import type { Route } from './+types/export';

/** Resource route: the territory's organisations as XLSX or CSV, formula-like cells neutralised. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const format = params.format;
  if (format !== 'xlsx' && format !== 'csv') throw data('Формат выгрузки: xlsx или csv.', { status: 404 });
  requireCan(context, request, 'registry.view', await territoryScope(context.db, params.territoryId));
  const territory = (await getTerritory(context.db, params.territoryId))!;
  const bytes = await exportOrganisations(context.db, format, await territoryWithChildren(context.db, territory.id));
  const date = new Date().toISOString().slice(0, 10);
  return fileResponse(bytes, `Реестр — ${territory.name} — ${date}.${format}`, contentTypes[format]);
}
