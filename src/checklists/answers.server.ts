// Reading and saving expert answers. Concurrency is optimistic and per item: the form carries, for each
// item, the version it was rendered from and a hash of the values it showed. An item the expert did not
// touch is skipped; a touched item whose stored version moved on meanwhile is a conflict, never overwritten.
import { createHash } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { SessionUser } from '../auth/policy';
import type { Db, Tx } from '../db/index.server';
import { recordAudit } from '../db/audit.server';
import { checklistAnswers, checklistPhotos, type ChecklistAnswerValue } from '../db/schema/checklists';
import type { ChecklistContext } from './access.server';
import { ChecklistError, EDITABLE_CAMPAIGN_STATUSES, NOT_EDITABLE_MESSAGE } from './access.server';
import type { ChecklistDefinition, ChecklistKey } from './definitions';
import {
  MAX_NOTE_LENGTH,
  MAX_PHOTOS_PER_SAVE,
  linkProblem,
  photoProblem,
  type PhotoMediaType,
} from './evidence.server';
import { sniffImage } from '../files/sniff';
import { storeUpload } from '../files/storage.server';

export type AnswerState = { answer: ChecklistAnswerValue | null; note: string; link: string };

const EMPTY: AnswerState = { answer: null, note: '', link: '' };

export function normaliseState(s: { answer?: string | null; note?: string | null; link?: string | null }): AnswerState {
  const answer = s.answer === 'yes' || s.answer === 'no' || s.answer === 'na' ? s.answer : null;
  return { answer, note: (s.note ?? '').replace(/\r\n?/g, '\n').trim(), link: (s.link ?? '').trim() };
}

/** Short fingerprint of what a form showed for an item; compared on save to tell touched items from untouched. */
export function stateHash(s: AnswerState): string {
  return createHash('sha256')
    .update(JSON.stringify([s.answer ?? '', s.note, s.link]))
    .digest('hex')
    .slice(0, 20);
}

function sameState(a: AnswerState, b: AnswerState): boolean {
  return a.answer === b.answer && a.note === b.note && a.link === b.link;
}

export type PhotoInfo = {
  sha256: string;
  mediaType: PhotoMediaType;
  size: number;
  uploadedByName: string | null;
  uploadedAt: Date;
};

export type SheetItem = {
  id: string;
  label: string;
  source?: string;
  section?: string;
  state: AnswerState;
  /** 0 when nothing has been recorded for the item yet. */
  version: number;
  hash: string;
  recordedByName: string | null;
  recordedAt: Date | null;
  photos: PhotoInfo[];
};

export type Sheet = { definition: ChecklistDefinition; items: SheetItem[] };

type AnswerRow = typeof checklistAnswers.$inferSelect;

async function answerRows(
  db: Tx,
  campaignId: string,
  organisationId: string,
  checklist?: string,
): Promise<AnswerRow[]> {
  const where = [eq(checklistAnswers.campaignId, campaignId), eq(checklistAnswers.organisationId, organisationId)];
  if (checklist) where.push(eq(checklistAnswers.checklist, checklist));
  return db
    .select()
    .from(checklistAnswers)
    .where(and(...where));
}

async function photosOf(db: Tx, answerIds: string[]): Promise<Map<string, PhotoInfo[]>> {
  const out = new Map<string, PhotoInfo[]>();
  if (!answerIds.length) return out;
  const rows = await db
    .select()
    .from(checklistPhotos)
    .where(inArray(checklistPhotos.answerId, answerIds))
    .orderBy(asc(checklistPhotos.id));
  for (const r of rows) {
    const list = out.get(r.answerId) ?? [];
    list.push({
      sha256: r.sha256,
      mediaType: r.mediaType,
      size: r.size,
      uploadedByName: r.uploadedByName,
      uploadedAt: r.uploadedAt,
    });
    out.set(r.answerId, list);
  }
  return out;
}

function toSheet(definition: ChecklistDefinition, rows: AnswerRow[], photos: Map<string, PhotoInfo[]>): Sheet {
  const byItem = new Map(rows.filter((r) => r.checklist === definition.key).map((r) => [r.itemId, r]));
  return {
    definition,
    items: definition.items.map((item) => {
      const row = byItem.get(item.id);
      const state = row ? normaliseState(row) : EMPTY;
      return {
        ...item,
        state,
        version: row?.version ?? 0,
        hash: stateHash(state),
        recordedByName: row?.recordedByName ?? null,
        recordedAt: row && row.answer !== null ? row.recordedAt : null,
        photos: row ? (photos.get(row.id) ?? []) : [],
      };
    }),
  };
}

/** One checklist of the organisation with the current answers, versions and photos. */
export async function loadSheet(db: Tx, ctx: ChecklistContext, key: ChecklistKey): Promise<Sheet> {
  const definition = ctx.definitions.find((d) => d.key === key);
  if (!definition) throw new ChecklistError('Такого чек-листа нет для организации этого типа.', 404);
  const rows = await answerRows(db, ctx.campaign.id, ctx.organisation.id, key);
  return toSheet(
    definition,
    rows,
    await photosOf(
      db,
      rows.map((r) => r.id),
    ),
  );
}

/** Every checklist of the organisation with answers and evidence: what "explain this score" shows. */
export async function loadAllSheets(db: Tx, ctx: ChecklistContext): Promise<Sheet[]> {
  const rows = await answerRows(db, ctx.campaign.id, ctx.organisation.id);
  const photos = await photosOf(
    db,
    rows.map((r) => r.id),
  );
  return ctx.definitions.map((d) => toSheet(d, rows, photos));
}

export type UploadedPhoto = { bytes: Uint8Array; name: string };

export type ItemInput = {
  itemId: string;
  answer: string | null;
  note: string;
  link: string;
  /** Version the form was rendered from (0: nothing recorded then). */
  baseVersion: number;
  /** stateHash of the values the form was rendered with. */
  baseHash: string;
  photos: UploadedPhoto[];
  /** SHA-256 of attached photos the expert asked to detach. */
  removePhotos: string[];
};

export type Conflict = {
  itemId: string;
  label: string;
  mine: AnswerState;
  theirs: AnswerState & { version: number; recordedByName: string | null; recordedAt: Date | null };
};

export type SaveResult =
  | { status: 'saved'; changed: number; photosAdded: number; photosRemoved: number }
  | { status: 'invalid'; errors: Record<string, string[]>; formErrors: string[] }
  | { status: 'conflict'; changed: number; photosAdded: number; photosRemoved: number; conflicts: Conflict[] };

type Validated = { input: ItemInput; label: string; state: AnswerState };

function validate(
  definition: ChecklistDefinition,
  inputs: ItemInput[],
): { ok: Validated[]; errors: Record<string, string[]>; formErrors: string[] } {
  const labels = new Map(definition.items.map((i) => [i.id, i.label]));
  const errors: Record<string, string[]> = {};
  const formErrors: string[] = [];
  const ok: Validated[] = [];
  const seen = new Set<string>();
  let photoCount = 0;
  for (const input of inputs) {
    const label = labels.get(input.itemId);
    if (!label) {
      formErrors.push('Форма содержит пункт, которого нет в этом чек-листе. Обновите страницу.');
      continue;
    }
    if (seen.has(input.itemId)) continue;
    seen.add(input.itemId);
    const problems: string[] = [];
    if (input.answer && !['yes', 'no', 'na'].includes(input.answer))
      problems.push('Ответ должен быть «да», «нет» или «не применимо».');
    const state = normaliseState(input);
    if (state.note.length > MAX_NOTE_LENGTH) problems.push(`Примечание длиннее ${MAX_NOTE_LENGTH} символов.`);
    const lp = linkProblem(state.link);
    if (lp) problems.push(lp);
    if (!Number.isInteger(input.baseVersion) || input.baseVersion < 0)
      problems.push('Форма повреждена: обновите страницу.');
    for (const p of input.photos) {
      photoCount++;
      const pp = photoProblem(p.bytes, p.name);
      if (pp) problems.push(pp.message);
    }
    if (problems.length) errors[input.itemId] = problems;
    ok.push({ input, label, state });
  }
  if (photoCount > MAX_PHOTOS_PER_SAVE) {
    formErrors.push(
      `За одно сохранение можно загрузить не больше ${MAX_PHOTOS_PER_SAVE} фотографий, выбрано ${photoCount}.`,
    );
  }
  return { ok, errors, formErrors };
}

function snapshot(row: AnswerRow | undefined) {
  return row ? { answer: row.answer, note: row.note, link: row.link, version: row.version } : null;
}

/**
 * Saves what the expert changed in one checklist. Validation is all-or-nothing (any bad input: nothing
 * is written); conflicting items are left as stored and returned, the other changes are saved. Every
 * change writes an audit row in the same transaction.
 */
export async function saveChecklist(
  db: Db,
  dataDir: string,
  user: SessionUser,
  ctx: ChecklistContext,
  key: ChecklistKey,
  inputs: ItemInput[],
  now: Date = new Date(),
): Promise<SaveResult> {
  if (!EDITABLE_CAMPAIGN_STATUSES.includes(ctx.campaign.status)) throw new ChecklistError(NOT_EDITABLE_MESSAGE, 409);
  const definition = ctx.definitions.find((d) => d.key === key);
  if (!definition) throw new ChecklistError('Такого чек-листа нет для организации этого типа.', 404);
  const { ok, errors, formErrors } = validate(definition, inputs);
  if (formErrors.length || Object.keys(errors).length) return { status: 'invalid', errors, formErrors };

  // Files first (outside the transaction): content-addressed, so a rolled-back save leaves only an unused file.
  const stored = new Map<Uint8Array, { sha: string; mediaType: PhotoMediaType }>();
  for (const v of ok) {
    for (const p of v.input.photos) {
      stored.set(p.bytes, { sha: await storeUpload(dataDir, p.bytes), mediaType: sniffImage(p.bytes)! });
    }
  }

  const actor = { id: user.id, name: user.name };
  const base = { campaignId: ctx.campaign.id, organisationId: ctx.organisation.id, checklist: key };
  const entityPrefix = `${ctx.campaign.id}/${ctx.organisation.id}/${key}`;
  const territoryId = ctx.campaign.territoryId;

  return db.transaction(async (tx) => {
    const ids = ok.map((v) => v.input.itemId);
    const thisList = and(
      eq(checklistAnswers.campaignId, base.campaignId),
      eq(checklistAnswers.organisationId, base.organisationId),
      eq(checklistAnswers.checklist, key),
    );
    const current = new Map(
      (ids.length
        ? await tx
            .select()
            .from(checklistAnswers)
            .where(and(thisList, inArray(checklistAnswers.itemId, ids)))
        : []
      ).map((r) => [r.itemId, r]),
    );
    const conflicts: Conflict[] = [];
    let changed = 0;
    let photosAdded = 0;
    let photosRemoved = 0;

    const conflictWith = (v: Validated, row: AnswerRow | undefined) =>
      conflicts.push({
        itemId: v.input.itemId,
        label: v.label,
        mine: v.state,
        theirs: {
          ...(row ? normaliseState(row) : EMPTY),
          version: row?.version ?? 0,
          recordedByName: row?.recordedByName ?? null,
          recordedAt: row?.recordedAt ?? null,
        },
      });

    const reread = async (itemId: string) =>
      (
        await tx
          .select()
          .from(checklistAnswers)
          .where(and(thisList, eq(checklistAnswers.itemId, itemId)))
      )[0];

    for (const v of ok) {
      const { input, state } = v;
      let row = current.get(input.itemId);
      const curState = row ? normaliseState(row) : EMPTY;
      const touched = stateHash(state) !== input.baseHash;

      if (touched && !sameState(state, curState)) {
        const curVersion = row?.version ?? 0;
        if (curVersion !== input.baseVersion) {
          conflictWith(v, row);
        } else {
          const values = {
            answer: state.answer,
            note: state.note || null,
            link: state.link || null,
            recordedBy: user.id,
            recordedByName: user.name,
            recordedAt: now,
          };
          let written: AnswerRow | undefined;
          if (!row) {
            written = (
              await tx
                .insert(checklistAnswers)
                .values({ ...base, itemId: input.itemId, ...values, version: 1 })
                .onConflictDoNothing()
                .returning()
            )[0];
          } else {
            written = (
              await tx
                .update(checklistAnswers)
                .set({ ...values, version: row.version + 1 })
                .where(and(eq(checklistAnswers.id, row.id), eq(checklistAnswers.version, row.version)))
                .returning()
            )[0];
          }
          if (!written) {
            // Another save got in between our read and our write.
            conflictWith(v, await reread(input.itemId));
          } else {
            await recordAudit(tx, {
              actor,
              action: 'checklist.answer',
              entity: 'checklist_answer',
              entityId: `${entityPrefix}/${input.itemId}`,
              territoryId,
              before: snapshot(row),
              after: snapshot(written),
            });
            row = written;
            changed++;
          }
        }
      }

      if (input.photos.length || input.removePhotos.length) {
        if (!row) {
          row =
            (
              await tx
                .insert(checklistAnswers)
                .values({
                  ...base,
                  itemId: input.itemId,
                  answer: null,
                  version: 0,
                  recordedBy: user.id,
                  recordedByName: user.name,
                  recordedAt: now,
                })
                .onConflictDoNothing()
                .returning()
            )[0] ?? (await reread(input.itemId));
        }
        if (!row) continue;
        for (const p of input.photos) {
          const s = stored.get(p.bytes)!;
          const inserted = await tx
            .insert(checklistPhotos)
            .values({
              answerId: row.id,
              sha256: s.sha,
              mediaType: s.mediaType,
              size: p.bytes.length,
              uploadedBy: user.id,
              uploadedByName: user.name,
              uploadedAt: now,
            })
            .onConflictDoNothing()
            .returning({ id: checklistPhotos.id });
          if (inserted.length) {
            photosAdded++;
            await recordAudit(tx, {
              actor,
              action: 'checklist.photo.add',
              entity: 'checklist_answer',
              entityId: `${entityPrefix}/${input.itemId}`,
              territoryId,
              after: { sha256: s.sha, mediaType: s.mediaType, size: p.bytes.length },
            });
          }
        }
        if (input.removePhotos.length) {
          const removed = await tx
            .delete(checklistPhotos)
            .where(and(eq(checklistPhotos.answerId, row.id), inArray(checklistPhotos.sha256, input.removePhotos)))
            .returning({
              sha256: checklistPhotos.sha256,
              mediaType: checklistPhotos.mediaType,
              size: checklistPhotos.size,
            });
          for (const r of removed) {
            photosRemoved++;
            await recordAudit(tx, {
              actor,
              action: 'checklist.photo.remove',
              entity: 'checklist_answer',
              entityId: `${entityPrefix}/${input.itemId}`,
              territoryId,
              before: r,
            });
          }
        }
      }
    }
    return conflicts.length
      ? { status: 'conflict' as const, changed, photosAdded, photosRemoved, conflicts }
      : { status: 'saved' as const, changed, photosAdded, photosRemoved };
  });
}

/** Whether a photo with this hash is evidence in this campaign and organisation (and its sniffed type). */
export async function findPhoto(
  db: Tx,
  campaignId: string,
  organisationId: string,
  sha: string,
): Promise<{ mediaType: PhotoMediaType; size: number } | null> {
  const rows = await db
    .select({ mediaType: checklistPhotos.mediaType, size: checklistPhotos.size })
    .from(checklistPhotos)
    .innerJoin(checklistAnswers, eq(checklistAnswers.id, checklistPhotos.answerId))
    .where(
      and(
        eq(checklistPhotos.sha256, sha),
        eq(checklistAnswers.campaignId, campaignId),
        eq(checklistAnswers.organisationId, organisationId),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}
