import { data } from 'react-router';
import { contentTypes, importTemplate } from '../../../src/registry/export.server';
import { requireCan } from '../../server/guard';
import { fileResponse } from '../../ui/forms';
import type { Route } from './+types/template';

/** Resource route: the import template with Russian headers and one example row. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const format = params.format;
  if (format !== 'xlsx' && format !== 'csv') throw data('Шаблон есть в форматах xlsx и csv.', { status: 404 });
  requireCan(context, request, 'registry.view');
  return fileResponse(await importTemplate(format), `Шаблон реестра организаций.${format}`, contentTypes[format]);
}
