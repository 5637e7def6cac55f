import { and, eq } from 'drizzle-orm';
import { data } from 'react-router';
import { readUpload } from '../../../src/checklists/evidence.server';
import { planEvidence, planItems } from '../../../src/db/schema/plans';
import { requireCan } from '../../server/guard';
import { planFromUrl } from './glue.server';
import type { Route } from './+types/evidence';

// Resource route: an evidence file, only to people who may see the plan. The type is the one sniffed at
// upload; the name is derived from the hash, never the client's.
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { plan, scope } = await planFromUrl(context, params.planId);
  requireCan(context, request, 'plans.view', scope);
  const id = /^\d{1,15}$/.test(params.evidenceId) ? Number(params.evidenceId) : 0;
  const [row] =
    plan && id
      ? await context.db
          .select({ e: planEvidence })
          .from(planEvidence)
          .innerJoin(planItems, eq(planItems.id, planEvidence.itemId))
          .where(and(eq(planEvidence.id, id), eq(planItems.planId, plan.id)))
      : [];
  const e = row?.e;
  const bytes = e?.sha256 ? await readUpload(context.config.dataDir, e.sha256) : null;
  if (!e || !bytes || !e.mediaType) throw data('Файл не найден.', { status: 404 });
  const ext =
    e.mediaType === 'application/pdf'
      ? 'pdf'
      : e.mediaType === 'image/png'
        ? 'png'
        : e.mediaType === 'image/heic'
          ? 'heic'
          : 'jpg';
  return new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
    headers: {
      'Content-Type': e.mediaType,
      'Content-Length': String(bytes.length),
      'Content-Disposition': `${e.mediaType === 'image/heic' ? 'attachment' : 'inline'}; filename="podtverzhdenie-${e.sha256!.slice(0, 12)}.${ext}"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, max-age=3600',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}
