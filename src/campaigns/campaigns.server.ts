// The campaign record: create (with its default statutory calendar), edit, close, read and list.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { recordAudit, type Actor } from '../db/audit.server';
import { campaignSteps } from '../db/schema/campaigns';
import { campaigns, territories } from '../db/schema/registry';
import { defaultSteps } from './calendar';
import { todayIso } from './dates';
import { CampaignError, isoDate, isUuid } from './errors';
import { isKnownMethodology, policiesSchema, type CampaignPolicies } from './policies';

export type Campaign = typeof campaigns.$inferSelect;
export type CampaignStep = typeof campaignSteps.$inferSelect;

export type CampaignInput = {
  territoryId: string;
  year: number;
  title: string;
  methodologyId: string;
  policies: unknown;
  operatorName?: string | null;
  operatorContract?: string | null;
  /** A deliberate second campaign of the same territory and year: why (administrators only, checked by the route). */
  repeatReason?: string | null;
};

function checkInput(input: Omit<CampaignInput, 'territoryId'>): { policies: CampaignPolicies; problems: string[] } {
  const problems: string[] = [];
  if (!Number.isInteger(input.year) || input.year < 2014 || input.year > 2100)
    problems.push('год кампании должен быть от 2014 до 2100');
  if (!input.title.trim()) problems.push('не указано название кампании');
  if (!isKnownMethodology(input.methodologyId)) problems.push(`неизвестная версия методики «${input.methodologyId}»`);
  const parsed = policiesSchema.safeParse(input.policies ?? {});
  if (!parsed.success)
    problems.push(...parsed.error.issues.map((i) => `политики (${i.path.join('.') || 'все'}): ${i.message}`));
  return { policies: parsed.success ? parsed.data : policiesSchema.parse({}), problems };
}

/**
 * Creates a campaign with its default statutory calendar. One campaign per territory and year: a second one
 * is a repeat and needs its reason (decision 0029).
 */
export async function createCampaign(
  db: Db,
  input: CampaignInput,
  actor: Actor,
  today = todayIso(),
): Promise<Campaign> {
  const { policies, problems } = checkInput(input);
  const repeatReason = input.repeatReason?.trim().slice(0, 500) || null;
  if (problems.length) throw new CampaignError('Кампания не создана: исправьте ошибки.', problems);
  return db.transaction(async (tx) => {
    const [territory] = isUuid(input.territoryId)
      ? await tx.select().from(territories).where(eq(territories.id, input.territoryId))
      : [];
    if (!territory) throw new CampaignError('Территория не найдена.');
    const [same] = await tx
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.territoryId, input.territoryId), eq(campaigns.year, input.year)));
    if (same && !repeatReason) {
      throw new CampaignError('Кампания не создана.', [
        `у территории «${territory.name}» уже есть кампания ${input.year} года — «${same.title}»; вторую (повторную) кампанию создаёт администратор, указав причину`,
      ]);
    }
    const [row] = await tx
      .insert(campaigns)
      .values({
        territoryId: input.territoryId,
        year: input.year,
        title: input.title.trim(),
        methodologyId: input.methodologyId,
        policies,
        operatorName: input.operatorName?.trim() || null,
        operatorContract: input.operatorContract?.trim() || null,
        repeatReason: same ? repeatReason : null,
      })
      .returning();
    const steps = defaultSteps(input.year, today).map((s, i) => ({ ...s, campaignId: row!.id, sort: i + 1 }));
    await tx.insert(campaignSteps).values(steps);
    await recordAudit(tx, {
      actor,
      action: 'campaign.create',
      entity: 'campaign',
      entityId: row!.id,
      after: row,
      territoryId: row!.territoryId,
      reason: row!.repeatReason,
    });
    return row!;
  });
}

/** Closes a campaign whose results are published: the cycle is over, nothing more is collected. */
export async function closeCampaign(db: Db, campaignId: string, actor: Actor): Promise<Campaign> {
  return db.transaction(async (tx) => {
    const before = await getCampaign(tx, campaignId);
    if (!before) throw new CampaignError('Кампания не найдена.');
    if (before.status !== 'published')
      throw new CampaignError('Завершить можно только кампанию с опубликованными результатами.');
    const [row] = await tx.update(campaigns).set({ status: 'closed' }).where(eq(campaigns.id, campaignId)).returning();
    await recordAudit(tx, {
      actor,
      action: 'campaign.close',
      entity: 'campaign',
      entityId: campaignId,
      territoryId: before.territoryId,
      before: { status: before.status },
      after: { status: 'closed' },
    });
    return row!;
  });
}

export async function updateCampaign(
  db: Db,
  id: string,
  // No `status`: the stage follows the recorded events (recordCampaignEvent, results versions, closeCampaign).
  patch: Partial<Omit<CampaignInput, 'territoryId' | 'repeatReason'>> & {
    surveyOpensOn?: string | null;
    surveyClosesOn?: string | null;
  },
  actor: Actor,
): Promise<Campaign> {
  return db.transaction(async (tx) => {
    const before = await getCampaign(tx, id);
    if (!before) throw new CampaignError('Кампания не найдена.');
    const merged = {
      year: patch.year ?? before.year,
      title: patch.title ?? before.title,
      methodologyId: patch.methodologyId ?? before.methodologyId,
      policies: patch.policies ?? before.policies,
    };
    const { policies, problems } = checkInput(merged);
    if (problems.length) throw new CampaignError('Изменения не сохранены: исправьте ошибки.', problems);
    const [row] = await tx
      .update(campaigns)
      .set({
        ...merged,
        title: merged.title.trim(),
        policies,
        operatorName: patch.operatorName !== undefined ? patch.operatorName?.trim() || null : before.operatorName,
        operatorContract:
          patch.operatorContract !== undefined ? patch.operatorContract?.trim() || null : before.operatorContract,
        surveyOpensOn: patch.surveyOpensOn !== undefined ? isoDate(patch.surveyOpensOn) : before.surveyOpensOn,
        surveyClosesOn: patch.surveyClosesOn !== undefined ? isoDate(patch.surveyClosesOn) : before.surveyClosesOn,
      })
      .where(eq(campaigns.id, id))
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'campaign.update',
      entity: 'campaign',
      entityId: id,
      before,
      after: row,
      territoryId: before.territoryId,
    });
    return row!;
  });
}

export async function getCampaign(db: Tx, id: string): Promise<Campaign | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  return row;
}

export async function listCampaigns(
  db: Tx,
  territoryIds?: string[],
): Promise<(Campaign & { territoryName: string })[]> {
  const q = db
    .select({ c: campaigns, territoryName: territories.name })
    .from(campaigns)
    .innerJoin(territories, eq(territories.id, campaigns.territoryId))
    .orderBy(desc(campaigns.year), asc(territories.name));
  const rows = territoryIds ? await q.where(inArray(campaigns.territoryId, territoryIds)) : await q;
  return rows.map((r) => ({ ...r.c, territoryName: r.territoryName }));
}

async function campaignSteps_(db: Tx, campaignId: string): Promise<CampaignStep[]> {
  return db
    .select()
    .from(campaignSteps)
    .where(eq(campaignSteps.campaignId, campaignId))
    .orderBy(asc(campaignSteps.sort));
}
export { campaignSteps_ as listSteps };
