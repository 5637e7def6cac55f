// Server-only glue between the plan pages and src/plans: refusals as Russian responses, uploads, and
// serialisable page data.
import { data } from 'react-router';
import { ForbiddenError, can, type SessionUser } from '../../../src/auth/policy';
import { storeUpload } from '../../../src/checklists/evidence.server';
import { PlansError } from '../../../src/plans/errors';
import { classifyUpload, MAX_EVIDENCE_FILES, type EvidenceInput } from '../../../src/plans/execution.server';
import { getPlan, planScope, type Plan, type PlanScope } from '../../../src/plans/plans.server';
import { FORBIDDEN_MESSAGE } from '../../server/guard';
import type { NokoContext } from '../../context';
import { ruDate as ruDay, ruDateTime } from '../../../src/lib/ru';
import type { FormResult } from '../../ui/forms';

export type ActionResult = { ok: boolean; message: string; itemId?: string | null };

/**
 * The plan page's answer: the kit's form result, the row it concerns (the page shows it in that row) and,
 * after a new version, the id of that version.
 */
export type PlanFormResult = FormResult & { itemId?: string | null; next?: string };

/** The Russian message and status of a refusal; anything else is a real error and is thrown on. */
function refused(err: unknown): { message: string; status: number } {
  if (err instanceof PlansError) return { message: err.message, status: err.status };
  if (err instanceof ForbiddenError) return { message: FORBIDDEN_MESSAGE, status: 403 };
  throw err;
}

/** A refusal as the action's answer (4xx with the Russian message); anything else is a real error. */
export function refusal(err: unknown, itemId: string | null = null) {
  const { message, status } = refused(err);
  return data<ActionResult>({ ok: false, message, itemId }, { status });
}

/** A refusal as the plan page's form result, at the form (or row) that was sent. */
export function formRefusal(err: unknown, intent: string, itemId: string | null) {
  const { message, status } = refused(err);
  return data<PlanFormResult>({ intent, itemId, errors: [message] }, { status });
}

/** The plan named in the URL and its scope; a missing plan answers like a forbidden one (no probing of ids). */
export async function planFromUrl(
  context: NokoContext,
  planId: string | undefined,
): Promise<{ plan: Plan | null; scope: PlanScope | null }> {
  const plan = planId ? await getPlan(context.db, planId) : null;
  return { plan, scope: plan ? await planScope(context.db, plan) : null };
}

export function str(form: FormData, key: string): string {
  const v = form.get(key);
  return typeof v === 'string' ? v : '';
}

/** Uploaded evidence files and the link of a form: sniffed, limited, stored under their hash before the transaction. */
export async function evidenceFromForm(context: NokoContext, form: FormData): Promise<EvidenceInput[]> {
  const files = form.getAll('files').filter((f): f is File => typeof f !== 'string' && f.size > 0);
  if (files.length > MAX_EVIDENCE_FILES)
    throw new PlansError(`За один раз можно приложить не больше ${MAX_EVIDENCE_FILES} файлов.`, 413);
  const out: EvidenceInput[] = [];
  const checked: { bytes: Uint8Array; kind: 'photo' | 'document'; mediaType: string }[] = [];
  for (const f of files) {
    const bytes = new Uint8Array(await f.arrayBuffer());
    const c = classifyUpload(bytes, f.name);
    if ('problem' in c)
      throw new PlansError(c.problem, bytes.length > 0 && c.problem.includes('больше 10 МБ') ? 413 : 415);
    checked.push({ bytes, ...c });
  }
  // Stored only when every file passed, so a refused form leaves nothing behind.
  for (const c of checked)
    out.push({
      kind: c.kind,
      mediaType: c.mediaType,
      size: c.bytes.length,
      sha256: await storeUpload(context.config.dataDir, c.bytes),
    });
  const link = str(form, 'link').trim();
  if (link) out.push({ kind: 'link', url: link });
  return out;
}

export function permissions(user: SessionUser, scope: PlanScope) {
  return {
    edit: can(user, 'plans.edit', scope),
    approve: can(user, 'plans.approve', scope),
    verify: can(user, 'plans.verify', scope),
  };
}

/** A calendar day as written; a moment as its day in Moscow (the lexicon's date-time, without the time). */
export const ruDate = (d: Date | string | null | undefined): string => {
  if (!d) return '';
  if (typeof d === 'string') return ruDay(d) || d;
  return ruDateTime(d).slice(0, 10);
};
