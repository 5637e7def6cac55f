// The finished file of a document job, as an attachment.
import { data } from 'react-router';
import { formatMime } from '../../../src/documents/registry.server';
import { readResult } from '../../../src/jobs/runner.server';
import { jobForUser } from './glue.server';
import type { Route } from './+types/file';

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { job, params: p } = await jobForUser(context, request, params.jobId);
  const bytes = job.status === 'done' ? readResult(context.config.dataDir, job) : null;
  if (!bytes) throw data('Файл ещё не готов или удалён: постройте документ заново.', { status: 404 });
  const { documentKind } = await import('../../../src/documents/registry.server');
  await import('../../../src/documents/kinds.server');
  const name = `${documentKind(p.kind)?.fileName({ campaignId: p.campaignId }) ?? 'document'}.${p.format}`;
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': formatMime[p.format],
      'Content-Disposition': `attachment; filename="${name}"`,
      'Content-Length': String(bytes.length),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
