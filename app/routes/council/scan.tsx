import { data } from 'react-router';
import { readScan } from '../../../src/council/meetings.server';
import { fileResponse } from '../../ui/forms';
import { councilFor } from './common.server';
import type { Route } from './+types/scan';

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { council } = await councilFor(context, request, params.councilId, 'council.view');
  const scan = await readScan(context.db, council.id, params.meetingId, context.config.dataDir, {
    publishedOnly: false,
  });
  if (!scan) throw data('Скан не найден.', { status: 404 });
  return fileResponse(scan.bytes, scan.file.fileName, scan.file.contentType, true);
}
