// Council review of quarantined responses, moderation of suggestions and the packs of access codes.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/index.server';
import { recordAudit, type Actor } from '../db/audit.server';
import { campaignTerritoryId } from '../auth/scope.server';
import { surveyAccessCodes, surveyResponses, surveySuggestions, SURVEY_QUESTION_SLOTS } from '../db/schema/survey';
import type { ResponseMode, ResponseStatus } from '../db/schema/survey';
import { campaignSecret } from './links.server';
import { keyedHash, newAccessCode, normaliseAccessCode } from './codes.server';
import { contribution, difference, SurveyError, tallyUpsert } from './submit.server';
import type { Answer } from './validate';

const slots = Array.from({ length: SURVEY_QUESTION_SLOTS }, (_, i) => i + 1);

export type QuarantinedResponse = {
  id: number;
  organisationId: string;
  mode: ResponseMode;
  flags: string[];
  fillSeconds: number | null;
  answers: Answer[];
  submittedAt: Date;
};

export async function listQuarantine(
  db: Db,
  campaignId: string,
  organisationId?: string,
  limit = 200,
): Promise<QuarantinedResponse[]> {
  const where = and(
    eq(surveyResponses.campaignId, campaignId),
    eq(surveyResponses.status, 'quarantined'),
    organisationId ? eq(surveyResponses.organisationId, organisationId) : undefined,
  );
  const rows = await db.select().from(surveyResponses).where(where).orderBy(asc(surveyResponses.id)).limit(limit);
  return rows.map((r) => ({
    id: r.id,
    organisationId: r.organisationId,
    mode: r.mode,
    flags: r.flags,
    fillSeconds: r.fillSeconds,
    answers: slots.map((s) => (r[`q${s}` as keyof typeof r] ?? null) as Answer),
    submittedAt: r.submittedAt,
  }));
}

/**
 * Releases (counts) or excludes quarantined responses, moving their weight in the tallies in the same
 * transaction and writing one audit entry per response. A reason is mandatory either way.
 */
export async function reviewResponses(
  db: Db,
  input: { campaignId: string; ids: number[]; decision: 'release' | 'exclude'; reason: string; actor: Actor },
): Promise<number> {
  const reason = input.reason.trim();
  if (reason.length < 3) throw new SurveyError(400, ['Укажите причину решения.']);
  if (input.ids.length === 0) return 0;
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(surveyResponses)
      .where(
        and(
          eq(surveyResponses.campaignId, input.campaignId),
          inArray(surveyResponses.id, input.ids),
          eq(surveyResponses.status, 'quarantined'),
        ),
      )
      .for('update');
    const next: ResponseStatus = input.decision === 'release' ? 'counted' : 'excluded';
    // One look-up per review, not per response; the survey submit path itself writes no audit entries.
    const territoryId = rows.length ? await campaignTerritoryId(tx, input.campaignId) : null;
    for (const r of rows) {
      const answers = slots.map((s) => (r[`q${s}` as keyof typeof r] ?? null) as Answer);
      await tx.update(surveyResponses).set({ status: next, reviewReason: reason }).where(eq(surveyResponses.id, r.id));
      const delta = difference(contribution(next, r.mode, answers), contribution('quarantined', r.mode, answers));
      await tx.execute(tallyUpsert(r.campaignId, r.organisationId, delta, null, null));
      await recordAudit(tx, {
        actor: input.actor,
        action: input.decision === 'release' ? 'survey.response.release' : 'survey.response.exclude',
        entity: 'survey_response',
        entityId: String(r.id),
        territoryId,
        before: { status: 'quarantined', flags: r.flags },
        after: { status: next },
        reason,
      });
    }
    return rows.length;
  });
}

// ---------- suggestions ----------

export type Suggestion = {
  id: number;
  organisationId: string;
  text: string;
  status: string;
  moderatedText: string | null;
  receivedOn: string;
};

export async function listSuggestions(
  db: Db,
  campaignId: string,
  opts: { status?: 'pending' | 'approved' | 'rejected'; organisationId?: string; limit?: number } = {},
): Promise<Suggestion[]> {
  const where = and(
    eq(surveySuggestions.campaignId, campaignId),
    opts.status ? eq(surveySuggestions.status, opts.status) : undefined,
    opts.organisationId ? eq(surveySuggestions.organisationId, opts.organisationId) : undefined,
  );
  return db
    .select({
      id: surveySuggestions.id,
      organisationId: surveySuggestions.organisationId,
      text: surveySuggestions.text,
      status: surveySuggestions.status,
      moderatedText: surveySuggestions.moderatedText,
      receivedOn: surveySuggestions.receivedOn,
    })
    .from(surveySuggestions)
    .where(where)
    .orderBy(asc(surveySuggestions.id))
    .limit(opts.limit ?? 200);
}

/**
 * Only what staff outside the council and operator may see: approved, moderated text. The raw text is
 * not even selected.
 */
export async function moderatedSuggestions(
  db: Db,
  campaignId: string,
  organisationId: string,
): Promise<{ text: string; receivedOn: string }[]> {
  const rows = await db
    .select({ text: surveySuggestions.moderatedText, receivedOn: surveySuggestions.receivedOn })
    .from(surveySuggestions)
    .where(
      and(
        eq(surveySuggestions.campaignId, campaignId),
        eq(surveySuggestions.organisationId, organisationId),
        eq(surveySuggestions.status, 'approved'),
      ),
    )
    .orderBy(asc(surveySuggestions.id));
  return rows.map((r) => ({ text: r.text ?? '', receivedOn: r.receivedOn }));
}

export async function moderateSuggestion(
  db: Db,
  input: {
    campaignId: string;
    id: number;
    decision: 'approve' | 'reject';
    text?: string;
    actor: Actor & { id: string };
  },
): Promise<void> {
  const text = input.text?.trim() ?? '';
  if (input.decision === 'approve' && !text) throw new SurveyError(400, ['Для одобрения нужен текст после модерации.']);
  await db.transaction(async (tx) => {
    // The campaign, whose scope the caller checked, must own the suggestion: an id from another territory is "not found".
    const [row] = await tx
      .select({ status: surveySuggestions.status })
      .from(surveySuggestions)
      .where(and(eq(surveySuggestions.id, input.id), eq(surveySuggestions.campaignId, input.campaignId)))
      .for('update');
    if (!row) throw new SurveyError(404, ['Предложение не найдено.']);
    await tx
      .update(surveySuggestions)
      .set({
        status: input.decision === 'approve' ? 'approved' : 'rejected',
        moderatedText: input.decision === 'approve' ? text : null,
        moderatedBy: input.actor.id,
        moderatedAt: new Date(),
      })
      .where(eq(surveySuggestions.id, input.id));
    // The audit keeps the decision, not the text: the raw text may hold personal data.
    await recordAudit(tx, {
      actor: input.actor,
      action: `survey.suggestion.${input.decision}`,
      entity: 'survey_suggestion',
      entityId: String(input.id),
      territoryId: await campaignTerritoryId(tx, input.campaignId),
      before: { status: row.status },
      after: { status: input.decision === 'approve' ? 'approved' : 'rejected' },
    });
  });
}

// ---------- access codes (closed mode) ----------

/** Creates `count` one-time codes for a class or group and returns them in clear ONCE, for printing. */
export async function createAccessCodes(
  db: Db,
  input: { campaignId: string; organisationId: string; groupLabel: string; count: number; actor: Actor },
): Promise<string[]> {
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > 2000) {
    throw new SurveyError(400, ['Число кодов: от 1 до 2000 за один раз.']);
  }
  const label = input.groupLabel.trim();
  if (!label || label.length > 100) throw new SurveyError(400, ['Укажите класс или группу (до 100 знаков).']);
  const secret = await campaignSecret(db, input.campaignId);
  const codes = new Set<string>();
  while (codes.size < input.count) codes.add(newAccessCode());
  const list = [...codes];
  await db.transaction(async (tx) => {
    await tx.insert(surveyAccessCodes).values(
      list.map((c) => ({
        codeHash: keyedHash(secret, 'access', normaliseAccessCode(c)),
        campaignId: input.campaignId,
        organisationId: input.organisationId,
        groupLabel: label,
      })),
    );
    await recordAudit(tx, {
      actor: input.actor,
      action: 'survey.accessCodes.create',
      entity: 'organisation',
      entityId: input.organisationId,
      territoryId: await campaignTerritoryId(tx, input.campaignId),
      after: { campaignId: input.campaignId, groupLabel: label, count: list.length },
    });
  });
  return list;
}

export async function accessCodeStats(db: Db, campaignId: string, organisationId: string) {
  return db
    .select({
      groupLabel: surveyAccessCodes.groupLabel,
      total: sql<number>`count(*)::int`,
      used: sql<number>`count(*) filter (where ${surveyAccessCodes.used})::int`,
    })
    .from(surveyAccessCodes)
    .where(and(eq(surveyAccessCodes.campaignId, campaignId), eq(surveyAccessCodes.organisationId, organisationId)))
    .groupBy(surveyAccessCodes.groupLabel);
}
