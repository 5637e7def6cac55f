import { data } from 'react-router';
import { requireUser } from '../../server/guard';
import type { Route } from './+types/photo';
import { PHOTO_EXTENSIONS, authorize, findPhoto, isSha256, readUpload } from './checklists.server';

// Resource route: a checklist photo, only to people who may see the organisation's checklists. The type
// is the one sniffed at upload; the name is derived from the hash, never the client's.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const ctx = await authorize(context, user, params.campaignId, params.orgId, 'view');
  if (!isSha256(params.sha256)) throw data('Фотография не найдена.', { status: 404 });
  const photo = await findPhoto(context.db, ctx.campaign.id, ctx.organisation.id, params.sha256);
  const bytes = photo ? await readUpload(context.config.dataDir, params.sha256) : null;
  if (!photo || !bytes) throw data('Фотография не найдена.', { status: 404 });
  const name = `foto-${params.sha256.slice(0, 12)}.${PHOTO_EXTENSIONS[photo.mediaType]}`;
  return new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
    headers: {
      'Content-Type': photo.mediaType,
      'Content-Length': String(bytes.length),
      // HEIC is not shown by most browsers: offer it as a download rather than an empty page.
      'Content-Disposition': `${photo.mediaType === 'image/heic' ? 'attachment' : 'inline'}; filename="${name}"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, max-age=3600',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}
