// Server-only glue between the checklist pages and src/checklists: refusals as Russian HTTP responses,
// form parsing, and serialisable page data. Kept out of the route modules' client bundles by the .server suffix.
import { data } from 'react-router';
import { ForbiddenError, can, type SessionUser } from '../../../src/auth/policy';
import { ChecklistError, authorizeChecklists, type ChecklistContext } from '../../../src/checklists/access.server';
import type { ItemInput, Sheet, UploadedPhoto } from '../../../src/checklists/answers.server';
import type { ChecklistDefinition } from '../../../src/checklists/definitions';
import { latestAuditProposals, type Proposals } from '../../../src/checklists/prefill';
import { FORBIDDEN_MESSAGE } from '../../server/guard';
import { latestAuditSource } from '../../../src/site-audit/read-models.server';

export { loadSheet, loadAllSheets, saveChecklist, findPhoto } from '../../../src/checklists/answers.server';
export { answeredPerChecklist, getChecklistCounts } from '../../../src/checklists/counts.server';
export { readUpload, isSha256, PHOTO_EXTENSIONS } from '../../../src/checklists/evidence.server';
import type { NokoContext } from '../../context';
import { ruDateTime as ruDateTimeBase } from '../../../src/lib/ru';

/** authorizeChecklists with its refusals turned into responses the root ErrorBoundary shows in Russian. */
export async function authorize(
  context: NokoContext,
  user: SessionUser,
  campaignId: string,
  orgId: string,
  mode: 'view' | 'edit',
): Promise<ChecklistContext> {
  try {
    return await authorizeChecklists(context.db, user, campaignId, orgId, mode);
  } catch (err) {
    throw toResponse(err);
  }
}

export function toResponse(err: unknown): unknown {
  if (err instanceof ForbiddenError) return data(FORBIDDEN_MESSAGE, { status: 403 });
  if (err instanceof ChecklistError) return data(err.message, { status: err.status });
  return err;
}

/** May this user fill in the checklists shown (same scope as viewing, plus the edit grant and an open campaign)? */
export async function canEdit(context: NokoContext, user: SessionUser, ctx: ChecklistContext): Promise<boolean> {
  if (!can(user, 'checklist.edit')) return false;
  try {
    await authorizeChecklists(context.db, user, ctx.campaign.id, ctx.organisation.id, 'edit');
    return true;
  } catch {
    return false;
  }
}

export function ruDateTime(d: Date | null): string | null {
  return d ? ruDateTimeBase(d) : null;
}

export type ViewItem = {
  id: string;
  label: string;
  source: string | null;
  answer: string | null;
  note: string;
  link: string;
  version: number;
  hash: string;
  recordedBy: string | null;
  recordedAt: string | null;
  photos: { sha256: string; mediaType: string; size: number; by: string | null; at: string | null }[];
  proposal: { answer: string | null; hint: string; source: string } | null;
};

export function viewItems(sheet: Sheet, proposals: Proposals): ViewItem[] {
  const proposal = proposals[sheet.definition.key];
  return sheet.items.map((i) => {
    const p = proposal?.items[i.id];
    return {
      id: i.id,
      label: i.label,
      source: i.source ?? null,
      answer: i.state.answer,
      note: i.state.note,
      link: i.state.link,
      version: i.version,
      hash: i.hash,
      recordedBy: i.recordedByName,
      recordedAt: ruDateTime(i.recordedAt),
      photos: i.photos.map((ph) => ({
        sha256: ph.sha256,
        mediaType: ph.mediaType,
        size: ph.size,
        by: ph.uploadedByName,
        at: ruDateTime(ph.uploadedAt),
      })),
      proposal: p && proposal ? { ...p, source: proposal.source } : null,
    };
  });
}

/** Proposals from the latest stored site audit (src/site-audit/read-models.server.ts `latestAuditFor`). */
export async function proposalsFor(context: NokoContext, ctx: ChecklistContext): Promise<Proposals> {
  return latestAuditProposals(latestAuditSource(context.db), ctx.organisation.id, ctx.definitions);
}

/**
 * The items a posted form carries. Only items with a version field are taken, so a conflict-resolution
 * form can post just the items it resolves; an empty file input (no file chosen) is ignored.
 */
export function parseItems(form: FormData, definition: ChecklistDefinition): ItemInput[] {
  const out: ItemInput[] = [];
  const resolving = form.get('intent') === 'resolve';
  for (const item of definition.items) {
    const v = form.get(`v.${item.id}`);
    if (typeof v !== 'string') continue;
    if (resolving && form.get(`choice.${item.id}`) !== 'mine') continue;
    const text = (name: string) => {
      const value = form.get(`${name}.${item.id}`);
      return typeof value === 'string' ? value : '';
    };
    out.push({
      itemId: item.id,
      answer: text('a') || null,
      note: text('n'),
      link: text('l'),
      baseVersion: /^\d{1,9}$/.test(v) ? Number(v) : -1,
      baseHash: text('h'),
      photos: [],
      removePhotos: form.getAll(`rm.${item.id}`).filter((x): x is string => typeof x === 'string'),
    });
  }
  return out;
}

/** Reads the chosen photos of each item (the bytes; the client's name only for messages). */
export async function attachPhotos(form: FormData, items: ItemInput[]): Promise<void> {
  for (const item of items) {
    const photos: UploadedPhoto[] = [];
    for (const f of form.getAll(`p.${item.itemId}`)) {
      if (typeof f === 'string' || (f.size === 0 && !f.name)) continue;
      photos.push({ bytes: new Uint8Array(await f.arrayBuffer()), name: f.name });
    }
    item.photos = photos;
  }
}
