// Server side of the downloads route: the kinds registry, permissions per kind, building the file — or,
// for a kind built as a job (decision 0067), queueing it and leading to the job's page.
import { data, redirect } from 'react-router';
import { and, eq } from 'drizzle-orm';
import type { Scope } from '../../../src/auth/policy';
import { territoryScope } from '../../../src/auth/scope.server';
import { improvementPlans } from '../../../src/db/schema/plans';
import { campaigns } from '../../../src/db/schema/registry';
import '../../../src/documents/kinds.server';
import {
  documentFormats,
  documentKind,
  DocumentError,
  formatMime,
  type DocumentFormat,
} from '../../../src/documents/registry.server';
import { enqueueDocument } from '../../../src/documents/requests.server';
import { requireCan } from '../../server/guard';
import { actionOf } from './permissions';
import { fileResponse } from '../../ui/forms';
import type { NokoContext } from '../../context';
import { isUuid } from '../../../src/lib/ids';

/** Options a page may pass in the query string; everything else is ignored. */
const OPTIONS = ['meeting', 'plan', 'organisation', 'asOf', 'report', 'date'] as const;

/**
 * Resource route: one document of a campaign in one format, built from the recorded data on request.
 * These documents take well under a second each. A kind built as a job (the bus.gov.ru package) is not
 * built here: a GET leads to the campaign's documents page, the page's POST (`queueDocument`) queues it.
 */
export async function downloadDocument(
  request: Request,
  context: NokoContext,
  params: { campaignId: string; kind: string; format: string },
): Promise<Response> {
  const { kind, format, campaign, options } = await authorised(request, context, params);
  if (kind.job) throw redirect(`/documents/campaigns/${campaign.id}`, 303);
  try {
    const loaded = await kind.load(context.db, { campaignId: campaign.id, options }, () => {});
    const bytes = await kind.render(loaded, format, () => {});
    return fileResponse(
      bytes,
      `${kind.fileName({ campaignId: campaign.id, options })}-${campaign.year}.${format}`,
      formatMime[format],
    );
  } catch (err) {
    if (err instanceof DocumentError) throw data(err.message, { status: err.status });
    throw err;
  }
}

async function authorised(
  request: Request,
  context: NokoContext,
  params: { campaignId: string; kind: string; format: string },
) {
  const kind = documentKind(params.kind);
  const action = actionOf[params.kind];
  if (!kind || !action) throw data('Такого документа нет.', { status: 404 });
  const format = params.format as DocumentFormat;
  if (!(documentFormats as readonly string[]).includes(format) || !kind.formats.includes(format))
    throw data(`«${kind.title}» выпускается в форматах: ${kind.formats.map((f) => f.toUpperCase()).join(', ')}.`, {
      status: 404,
    });
  const [campaign] = isUuid(params.campaignId)
    ? await context.db.select().from(campaigns).where(eq(campaigns.id, params.campaignId))
    : [];
  const url = new URL(request.url);
  const options: Record<string, string> = {};
  for (const k of OPTIONS) {
    const v = url.searchParams.get(k);
    if (v !== null && v !== '') options[k] = v.slice(0, 100);
  }
  let scope: Scope | null = campaign ? await territoryScope(context.db, campaign.territoryId) : null;
  // A plan is the organisation's own document: its representative may download it too.
  if (params.kind === 'plan' && scope && options.plan && isUuid(options.plan)) {
    const [p] = await context.db
      .select({ organisationId: improvementPlans.organisationId })
      .from(improvementPlans)
      .where(and(eq(improvementPlans.id, options.plan), eq(improvementPlans.campaignId, campaign!.id)));
    scope = p ? { ...scope, organisationId: p.organisationId } : null;
  }
  const user = requireCan(context, request, action, scope);
  return { kind, format, campaign: campaign!, options, user };
}

/**
 * POST of a kind built as a job: queued (or the stored file of the same data found, or the running job
 * joined), then the job's page with its progress and, when done, the download link.
 */
export async function queueDocument(
  request: Request,
  context: NokoContext,
  params: { campaignId: string; kind: string; format: string },
): Promise<Response> {
  const { kind, format, campaign, options, user } = await authorised(request, context, params);
  if (!kind.job) throw data('Этот документ скачивается по ссылке, без очереди.', { status: 405 });
  try {
    const { job } = await enqueueDocument(context.db, context.config.dataDir, {
      kind: kind.kind,
      format,
      params: { campaignId: campaign.id, ...(Object.keys(options).length ? { options } : {}) },
      createdBy: user.name,
    });
    return redirect(`/documents/jobs/${job.id}`, 303);
  } catch (err) {
    if (err instanceof DocumentError) throw data(err.message, { status: err.status });
    throw err;
  }
}
