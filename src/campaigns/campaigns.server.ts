import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { recordAudit, type Actor } from '../db/audit.server';
import { campaignDocuments, campaignSteps, type StepStatus } from '../db/schema/campaigns';
import { campaignOrganisations, campaigns, organisations, territories } from '../db/schema/registry';
import { addMonths, todayIso } from './dates';
import { defaultSteps, isOverdue, legalClocks } from './calendar';
import { campaignReferenceDate, periodicityVerdict, type AssessmentRecord, type PeriodicityVerdict } from './periodicity';
import { isKnownMethodology, policiesSchema, type CampaignPolicies } from './policies';
import { MAX_DOCUMENT_BYTES } from '../council/documents';
import { campaignStatuses, type CampaignStatus } from './status';

export type Campaign = typeof campaigns.$inferSelect;
export type CampaignStep = typeof campaignSteps.$inferSelect;
export type CampaignDocument = typeof campaignDocuments.$inferSelect;
type Organisation = typeof organisations.$inferSelect;

export class CampaignError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
const isoDate = (v: string | null | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null);

export type CampaignInput = {
  territoryId: string;
  year: number;
  title: string;
  methodologyId: string;
  policies: unknown;
  operatorName?: string | null;
  operatorContract?: string | null;
};

function checkInput(input: Omit<CampaignInput, 'territoryId'>): { policies: CampaignPolicies; problems: string[] } {
  const problems: string[] = [];
  if (!Number.isInteger(input.year) || input.year < 2014 || input.year > 2100) problems.push('год кампании должен быть от 2014 до 2100');
  if (!input.title.trim()) problems.push('не указано название кампании');
  if (!isKnownMethodology(input.methodologyId)) problems.push(`неизвестная версия методики «${input.methodologyId}»`);
  const parsed = policiesSchema.safeParse(input.policies ?? {});
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `политики (${i.path.join('.') || 'все'}): ${i.message}`));
  return { policies: parsed.success ? parsed.data : policiesSchema.parse({}), problems };
}

/** Creates a campaign with its default statutory calendar. */
export async function createCampaign(db: Db, input: CampaignInput, actor: Actor): Promise<Campaign> {
  const { policies, problems } = checkInput(input);
  if (problems.length) throw new CampaignError('Кампания не создана: исправьте ошибки.', problems);
  return db.transaction(async (tx) => {
    const [territory] = isUuid(input.territoryId) ? await tx.select().from(territories).where(eq(territories.id, input.territoryId)) : [];
    if (!territory) throw new CampaignError('Территория не найдена.');
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
      })
      .returning();
    const steps = defaultSteps(input.year).map((s, i) => ({ ...s, campaignId: row!.id, sort: i + 1 }));
    await tx.insert(campaignSteps).values(steps);
    await recordAudit(tx, { actor, action: 'campaign.create', entity: 'campaign', entityId: row!.id, after: row, territoryId: row!.territoryId });
    return row!;
  });
}

export async function updateCampaign(
  db: Db,
  id: string,
  patch: Partial<Omit<CampaignInput, 'territoryId'>> & { status?: string; surveyOpensOn?: string | null; surveyClosesOn?: string | null },
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
    if (patch.status !== undefined && !(campaignStatuses as readonly string[]).includes(patch.status)) problems.push('неизвестный статус кампании');
    if (problems.length) throw new CampaignError('Изменения не сохранены: исправьте ошибки.', problems);
    const [row] = await tx
      .update(campaigns)
      .set({
        ...merged,
        title: merged.title.trim(),
        policies,
        operatorName: patch.operatorName !== undefined ? patch.operatorName?.trim() || null : before.operatorName,
        operatorContract: patch.operatorContract !== undefined ? patch.operatorContract?.trim() || null : before.operatorContract,
        status: (patch.status as CampaignStatus | undefined) ?? before.status,
        surveyOpensOn: patch.surveyOpensOn !== undefined ? isoDate(patch.surveyOpensOn) : before.surveyOpensOn,
        surveyClosesOn: patch.surveyClosesOn !== undefined ? isoDate(patch.surveyClosesOn) : before.surveyClosesOn,
      })
      .where(eq(campaigns.id, id))
      .returning();
    await recordAudit(tx, { actor, action: 'campaign.update', entity: 'campaign', entityId: id, before, after: row, territoryId: before.territoryId });
    return row!;
  });
}

export async function getCampaign(db: Tx, id: string): Promise<Campaign | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  return row;
}

export async function listCampaigns(db: Tx, territoryIds?: string[]): Promise<(Campaign & { territoryName: string })[]> {
  const q = db
    .select({ c: campaigns, territoryName: territories.name })
    .from(campaigns)
    .innerJoin(territories, eq(territories.id, campaigns.territoryId))
    .orderBy(desc(campaigns.year), asc(territories.name));
  const rows = territoryIds ? await q.where(inArray(campaigns.territoryId, territoryIds)) : await q;
  return rows.map((r) => ({ ...r.c, territoryName: r.territoryName }));
}

export async function campaignSteps_(db: Tx, campaignId: string): Promise<CampaignStep[]> {
  return db.select().from(campaignSteps).where(eq(campaignSteps.campaignId, campaignId)).orderBy(asc(campaignSteps.sort));
}
export { campaignSteps_ as listSteps };

// ------------------------------------------------------------- council decision and its document

const allowedDocuments: Record<string, { ext: string; magic: number[] | null }> = {
  'application/pdf': { ext: 'pdf', magic: [0x25, 0x50, 0x44, 0x46] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { ext: 'docx', magic: [0x50, 0x4b, 0x03, 0x04] },
  'application/vnd.oasis.opendocument.text': { ext: 'odt', magic: [0x50, 0x4b, 0x03, 0x04] },
  'image/jpeg': { ext: 'jpg', magic: [0xff, 0xd8, 0xff] },
  'image/png': { ext: 'png', magic: [0x89, 0x50, 0x4e, 0x47] },
};
const byExtension: Record<string, string> = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', odt: 'application/vnd.oasis.opendocument.text', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };

export type UploadedDocument = { fileName: string; bytes: Uint8Array };

/**
 * Records the council's decision that set the list (number, date and, optionally, the signed document).
 * The file goes under DATA_DIR/campaigns/<id>/ named by its hash; the row and the audit entry are written in
 * one transaction after the file is safely on disk.
 */
export async function recordCouncilDecision(
  db: Db,
  args: { campaignId: string; number: string; date: string; document?: UploadedDocument | null; dataDir: string; actor: Actor },
): Promise<Campaign> {
  const problems: string[] = [];
  const number = args.number.trim();
  if (!number) problems.push('не указан номер решения');
  if (!isoDate(args.date)) problems.push('не указана дата решения');
  let stored: { rel: string; sha: string; type: string; size: number; name: string } | null = null;
  if (args.document && args.document.bytes.length > 0) {
    const d = args.document;
    const ext = d.fileName.toLowerCase().split('.').pop() ?? '';
    const type = byExtension[ext];
    const rule = type ? allowedDocuments[type] : undefined;
    if (d.bytes.length > MAX_DOCUMENT_BYTES) problems.push(`документ больше ${MAX_DOCUMENT_BYTES / 1024 / 1024} МБ`);
    else if (!type || !rule) problems.push('документ должен быть в формате PDF, DOCX, ODT, JPG или PNG');
    else if (rule.magic && !rule.magic.every((b, i) => d.bytes[i] === b)) problems.push(`файл назван .${ext}, но его содержимое не похоже на ${ext.toUpperCase()}`);
    else {
      const sha = createHash('sha256').update(d.bytes).digest('hex');
      const rel = path.join('campaigns', args.campaignId, `${sha}.${rule.ext}`);
      stored = { rel, sha, type, size: d.bytes.length, name: path.basename(d.fileName).slice(0, 200) };
    }
  }
  if (problems.length) throw new CampaignError('Решение не сохранено.', problems);
  const campaign = await getCampaign(db, args.campaignId);
  if (!campaign) throw new CampaignError('Кампания не найдена.');
  if (stored) {
    const full = path.join(args.dataDir, stored.rel);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, args.document!.bytes);
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(campaigns)
      .set({ councilDecisionNumber: number, councilDecisionDate: args.date })
      .where(eq(campaigns.id, args.campaignId))
      .returning();
    await tx
      .update(campaignSteps)
      .set({ status: 'done', doneOn: args.date })
      .where(and(eq(campaignSteps.campaignId, args.campaignId), eq(campaignSteps.key, 'list')));
    let doc: CampaignDocument | undefined;
    if (stored) {
      [doc] = await tx
        .insert(campaignDocuments)
        .values({ campaignId: args.campaignId, kind: 'council_decision', fileName: stored.name, contentType: stored.type, size: stored.size, sha256: stored.sha, storedPath: stored.rel, uploadedBy: args.actor.name })
        .returning();
    }
    await recordAudit(tx, {
      actor: args.actor,
      action: 'campaign.councilDecision',
      entity: 'campaign',
      entityId: args.campaignId,
      territoryId: campaign.territoryId,
      before: { number: campaign.councilDecisionNumber, date: campaign.councilDecisionDate },
      after: { number, date: args.date, document: doc ? { id: doc.id, fileName: doc.fileName, sha256: doc.sha256 } : null },
    });
    return row!;
  });
}

export async function campaignDocumentsOf(db: Tx, campaignId: string): Promise<CampaignDocument[]> {
  return db.select().from(campaignDocuments).where(eq(campaignDocuments.campaignId, campaignId)).orderBy(desc(campaignDocuments.uploadedAt));
}

export async function readCampaignDocument(db: Tx, dataDir: string, campaignId: string, documentId: string): Promise<{ doc: CampaignDocument; bytes: Uint8Array } | null> {
  if (!isUuid(documentId) || !isUuid(campaignId)) return null;
  const [doc] = await db.select().from(campaignDocuments).where(and(eq(campaignDocuments.id, documentId), eq(campaignDocuments.campaignId, campaignId)));
  if (!doc) return null;
  // The stored path came from our own code, but refuse anything that would leave DATA_DIR regardless.
  const full = path.resolve(dataDir, doc.storedPath);
  if (!full.startsWith(path.resolve(dataDir) + path.sep)) return null;
  try {
    return { doc, bytes: new Uint8Array(await readFile(full)) };
  } catch {
    return null;
  }
}

// ------------------------------------------------------------- calendar

/** Enters (or clears) the operator's report date: it starts the first statutory clock. */
export async function setOperatorReportDate(db: Db, campaignId: string, date: string | null, actor: Actor): Promise<void> {
  if (date !== null && !isoDate(date)) throw new CampaignError('Неверная дата отчёта оператора.');
  await db.transaction(async (tx) => {
    const before = await getCampaign(tx, campaignId);
    if (!before) throw new CampaignError('Кампания не найдена.');
    await tx.update(campaigns).set({ operatorReportDate: date }).where(eq(campaigns.id, campaignId));
    const step = (key: string) => and(eq(campaignSteps.campaignId, campaignId), eq(campaignSteps.key, key));
    await tx.update(campaignSteps).set(date ? { status: 'done', doneOn: date } : { status: 'planned', doneOn: null }).where(step('operator_report'));
    if (date) await tx.update(campaignSteps).set({ plannedOn: addMonths(date, 1) }).where(step('council_results'));
    await recordAudit(tx, { actor, action: 'campaign.operatorReport', entity: 'campaign', entityId: campaignId, territoryId: before.territoryId, before: { operatorReportDate: before.operatorReportDate }, after: { operatorReportDate: date } });
  });
}

/** Marks a step done / skipped / planned, or moves its planned date. The statutory steps chain their dates. */
export async function updateStep(
  db: Db,
  args: { campaignId: string; stepId: string; status: StepStatus; doneOn?: string | null; plannedOn?: string | null; actor: Actor },
): Promise<void> {
  if (!isUuid(args.stepId)) throw new CampaignError('Шаг не найден.');
  if (args.status === 'done' && !isoDate(args.doneOn)) throw new CampaignError('Укажите дату выполнения шага.');
  await db.transaction(async (tx) => {
    // The join brings the campaign's territory for the audit entry without another round trip.
    const [found] = await tx
      .select({ step: campaignSteps, territoryId: campaigns.territoryId })
      .from(campaignSteps)
      .innerJoin(campaigns, eq(campaigns.id, campaignSteps.campaignId))
      .where(and(eq(campaignSteps.id, args.stepId), eq(campaignSteps.campaignId, args.campaignId)));
    if (!found) throw new CampaignError('Шаг не найден.');
    const step = found.step;
    if (step.key === 'operator_report') throw new CampaignError('Дата отчёта оператора вводится в поле «Дата отчёта оператора».');
    const doneOn = args.status === 'done' ? isoDate(args.doneOn) : null;
    const plannedOn = args.plannedOn !== undefined ? isoDate(args.plannedOn) : step.plannedOn;
    await tx.update(campaignSteps).set({ status: args.status, doneOn, plannedOn }).where(eq(campaignSteps.id, step.id));
    if (step.key === 'council_results' && doneOn) {
      await tx
        .update(campaignSteps)
        .set({ plannedOn: addMonths(doneOn, 1) })
        .where(and(eq(campaignSteps.campaignId, args.campaignId), eq(campaignSteps.key, 'authority_measures')));
    }
    await recordAudit(tx, { actor: args.actor, action: 'campaign.step', entity: 'campaign_step', entityId: step.id, territoryId: found.territoryId, before: step, after: { status: args.status, doneOn, plannedOn } });
  });
}

export async function campaignCalendar(db: Tx, campaign: Campaign, today = todayIso()) {
  const steps = await campaignSteps_(db, campaign.id);
  const doneOf = (key: string) => steps.find((s) => s.key === key && s.status === 'done')?.doneOn ?? null;
  const clocks = legalClocks({ operatorReportDate: campaign.operatorReportDate, councilResultsOn: doneOf('council_results'), measuresOn: doneOf('authority_measures'), today });
  return { steps: steps.map((s) => ({ ...s, overdue: isOverdue(s, today) })), clocks };
}

export type OverdueStep = CampaignStep & { campaignTitle: string; campaignYear: number; territoryId: string; territoryName: string };

/** Planned steps whose date has passed, across the given territories (or all). */
export async function overdueSteps(db: Tx, territoryIds: string[] | undefined, today = todayIso()): Promise<OverdueStep[]> {
  const rows = await db
    .select({ s: campaignSteps, title: campaigns.title, year: campaigns.year, territoryId: campaigns.territoryId, territoryName: territories.name })
    .from(campaignSteps)
    .innerJoin(campaigns, eq(campaigns.id, campaignSteps.campaignId))
    .innerJoin(territories, eq(territories.id, campaigns.territoryId))
    .where(and(eq(campaignSteps.status, 'planned'), territoryIds ? inArray(campaigns.territoryId, territoryIds) : undefined, ne(campaigns.status, 'closed')));
  return rows
    .filter((r) => isOverdue(r.s, today))
    .map((r) => ({ ...r.s, campaignTitle: r.title, campaignYear: r.year, territoryId: r.territoryId, territoryName: r.territoryName }))
    .sort((a, b) => (a.plannedOn ?? '').localeCompare(b.plannedOn ?? ''));
}

// ------------------------------------------------------------- the list of organisations and periodicity

async function campaignTerritoryIds(tx: Tx, campaign: Campaign): Promise<string[]> {
  const children = await tx.select({ id: territories.id }).from(territories).where(eq(territories.parentId, campaign.territoryId));
  return [campaign.territoryId, ...children.map((c) => c.id)];
}

async function assessmentHistory(tx: Tx, orgIds: string[], excludeCampaignId: string): Promise<Map<string, AssessmentRecord[]>> {
  const map = new Map<string, AssessmentRecord[]>();
  if (orgIds.length === 0) return map;
  const rows = await tx
    .select({ orgId: campaignOrganisations.organisationId, c: campaigns })
    .from(campaignOrganisations)
    .innerJoin(campaigns, eq(campaigns.id, campaignOrganisations.campaignId))
    .where(and(inArray(campaignOrganisations.organisationId, orgIds), ne(campaigns.id, excludeCampaignId)));
  for (const r of rows) {
    const list = map.get(r.orgId) ?? [];
    list.push({ date: campaignReferenceDate(r.c), year: r.c.year, campaignId: r.c.id, title: r.c.title });
    map.set(r.orgId, list);
  }
  const orgs = await tx.select({ id: organisations.id, last: organisations.lastAssessedOn }).from(organisations).where(inArray(organisations.id, orgIds));
  for (const o of orgs) {
    if (!o.last) continue;
    const list = map.get(o.id) ?? [];
    list.push({ date: o.last, year: Number(o.last.slice(0, 4)), campaignId: null, title: 'оценка до ведения кампаний в НОКО' });
    map.set(o.id, list);
  }
  return map;
}

export type CampaignListEntry = { organisation: Organisation; included: boolean; inclusionReason: string | null; verdict: PeriodicityVerdict };

/**
 * Every organisation of the campaign's territory with its periodicity verdict: whether it is in the list,
 * whether including it breaks the once-a-year rule, whether it is due (3 years or never).
 */
export async function campaignOrganisationList(db: Tx, campaign: Campaign): Promise<{ entries: CampaignListEntry[]; dueLeftOut: CampaignListEntry[]; tooSoonWithoutReason: CampaignListEntry[] }> {
  const ids = await campaignTerritoryIds(db, campaign);
  const orgs = await db.select().from(organisations).where(inArray(organisations.territoryId, ids));
  const links = await db.select().from(campaignOrganisations).where(eq(campaignOrganisations.campaignId, campaign.id));
  const linked = new Map(links.map((l) => [l.organisationId, l]));
  const history = await assessmentHistory(db, orgs.map((o) => o.id), campaign.id);
  const entries = orgs
    .filter((o) => o.status === 'active' || linked.has(o.id))
    .map((o) => ({
      organisation: o,
      included: linked.has(o.id),
      inclusionReason: linked.get(o.id)?.inclusionReason ?? null,
      verdict: periodicityVerdict(campaign, history.get(o.id) ?? []),
    }))
    .sort((a, b) => a.organisation.type.localeCompare(b.organisation.type) || a.organisation.shortName.localeCompare(b.organisation.shortName, 'ru'));
  return {
    entries,
    dueLeftOut: entries.filter((e) => !e.included && e.verdict.due && e.organisation.status === 'active'),
    tooSoonWithoutReason: entries.filter((e) => e.included && e.verdict.tooSoon && !e.inclusionReason),
  };
}

/**
 * Replaces the campaign's list. All or nothing: an organisation outside the territory, or one assessed
 * less than a year ago without a recorded reason, refuses the whole change.
 */
export async function setCampaignOrganisations(
  db: Db,
  campaignId: string,
  selection: { organisationId: string; reason?: string | null }[],
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const campaign = await getCampaign(tx, campaignId);
    if (!campaign) throw new CampaignError('Кампания не найдена.');
    const allowed = await campaignTerritoryIds(tx, campaign);
    const ids = [...new Set(selection.map((s) => s.organisationId))];
    if (ids.some((id) => !isUuid(id))) throw new CampaignError('Перечень не сохранён: неверный идентификатор организации.');
    const orgs = ids.length ? await tx.select().from(organisations).where(inArray(organisations.id, ids)) : [];
    const problems: string[] = [];
    if (orgs.length !== ids.length) problems.push('часть выбранных организаций не найдена в реестре');
    for (const o of orgs) if (!allowed.includes(o.territoryId)) problems.push(`«${o.shortName}» не относится к территории кампании`);
    const history = await assessmentHistory(tx, ids, campaignId);
    const reasons = new Map(selection.map((s) => [s.organisationId, s.reason?.trim() || null]));
    for (const o of orgs) {
      const v = periodicityVerdict(campaign, history.get(o.id) ?? []);
      if (v.tooSoon && !reasons.get(o.id)) {
        problems.push(`«${o.shortName}» уже оценивалась меньше года назад (${v.tooSoon.title}): укажите причину повторной оценки`);
      }
    }
    if (problems.length) throw new CampaignError('Перечень не сохранён.', problems);
    const before = await tx.select().from(campaignOrganisations).where(eq(campaignOrganisations.campaignId, campaignId));
    await tx.delete(campaignOrganisations).where(eq(campaignOrganisations.campaignId, campaignId));
    if (ids.length) await tx.insert(campaignOrganisations).values(ids.map((id) => ({ campaignId, organisationId: id, inclusionReason: reasons.get(id) ?? null })));
    await recordAudit(tx, {
      actor,
      action: 'campaign.list',
      entity: 'campaign',
      entityId: campaignId,
      territoryId: campaign.territoryId,
      before: before.map((b) => ({ organisationId: b.organisationId, reason: b.inclusionReason })),
      after: ids.map((id) => ({ organisationId: id, reason: reasons.get(id) ?? null })),
    });
  });
}

/** What the public page shows: the campaign, its council decision and the organisations assessed. */
export async function publicCampaign(db: Tx, campaignId: string) {
  const campaign = await getCampaign(db, campaignId);
  if (!campaign) return null;
  const [territory] = await db.select().from(territories).where(eq(territories.id, campaign.territoryId));
  const orgs = await db
    .select({ o: organisations })
    .from(campaignOrganisations)
    .innerJoin(organisations, eq(organisations.id, campaignOrganisations.organisationId))
    .where(eq(campaignOrganisations.campaignId, campaignId));
  const documents = await campaignDocumentsOf(db, campaignId);
  return {
    campaign,
    territoryName: territory?.name ?? '',
    organisations: orgs.map((r) => r.o).sort((a, b) => a.type.localeCompare(b.type) || a.shortName.localeCompare(b.shortName, 'ru')),
    documents,
  };
}
