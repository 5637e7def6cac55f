import { data } from 'react-router';
import { readScan } from '../../../src/council/meetings.server';
import { fileResponse } from '../../ui/forms';
import type { Route } from './+types/public-scan';

export async function loader({ context, params }: Route.LoaderArgs) {
  const scan = await readScan(context.db, params.councilId, params.meetingId, context.config.dataDir, {
    publishedOnly: true,
  });
  if (!scan) throw data('Скан не найден.', { status: 404 });
  return fileResponse(scan.bytes, scan.file.fileName, scan.file.contentType, true);
}
