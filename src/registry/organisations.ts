import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/index';
import { recordAudit, type Actor } from '../db/audit';
import { organisationHistory } from '../db/schema/campaigns';
import { organisations, territories, type OrganisationType } from '../db/schema/registry';
import {
  checkInn,
  checkKpp,
  checkOgrn,
  normaliseWebsite,
  parseOrganisationStatus,
  parseOrganisationType,
  type OrganisationStatus,
} from './validation';

export type Territory = typeof territories.$inferSelect;
export type Organisation = typeof organisations.$inferSelect;

/** The editable fields of an organisation card, already validated and normalised. */
export type OrganisationInput = {
  fullName: string;
  shortName: string;
  type: OrganisationType;
  inn: string;
  ogrn: string | null;
  kpp: string | null;
  address: string | null;
  website: string | null;
  headName: string | null;
  founder: string | null;
  recipients: number | null;
  status: OrganisationStatus;
  lastAssessedOn: string | null;
};

export const organisationFields = [
  'fullName',
  'shortName',
  'type',
  'inn',
  'ogrn',
  'kpp',
  'address',
  'website',
  'headName',
  'founder',
  'recipients',
  'status',
  'lastAssessedOn',
] as const satisfies readonly (keyof OrganisationInput)[];
export type OrganisationField = (typeof organisationFields)[number];

/** Russian names of the fields: column headers of the template and the export, labels of the form. */
export const fieldLabels: Record<OrganisationField, string> = {
  fullName: 'Полное наименование',
  shortName: 'Краткое наименование',
  type: 'Тип',
  inn: 'ИНН',
  ogrn: 'ОГРН',
  kpp: 'КПП',
  address: 'Адрес',
  website: 'Официальный сайт',
  headName: 'Руководитель',
  founder: 'Учредитель',
  recipients: 'Число получателей услуг',
  status: 'Статус',
  lastAssessedOn: 'Дата последней оценки',
};

export class RegistryError extends Error {}

export type FieldErrors = Partial<Record<OrganisationField, string>>;

/**
 * Validates raw text values (a form or one import row) into an OrganisationInput. Dates arrive already
 * normalised to ISO (yyyy-mm-dd) or as the original text when they could not be read.
 */
export function validateOrganisation(raw: Partial<Record<OrganisationField, string | number | null | undefined>>):
  | { ok: true; value: OrganisationInput }
  | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const text = (f: OrganisationField) => {
    const v = raw[f];
    if (v === null || v === undefined) return '';
    return String(v).replace(/\s+/g, ' ').trim();
  };
  const optional = (f: OrganisationField) => text(f) || null;

  const fullName = text('fullName');
  if (!fullName) errors.fullName = 'не заполнено полное наименование';
  else if (fullName.length > 1000) errors.fullName = 'слишком длинное наименование (больше 1000 знаков)';
  const shortName = text('shortName');
  if (!shortName) errors.shortName = 'не заполнено краткое наименование';
  else if (shortName.length > 300) errors.shortName = 'слишком длинное краткое наименование (больше 300 знаков)';

  const typeText = text('type');
  const type = typeText ? parseOrganisationType(typeText) : null;
  if (!typeText) errors.type = 'не указан тип (ДОО, школа, СПО или ДОД)';
  else if (!type) errors.type = `неизвестный тип «${typeText}»: допустимы ДОО, школа, СПО, ДОД`;

  const inn = text('inn').replace(/\s/g, '');
  if (!inn) errors.inn = 'не указан ИНН';
  else {
    const p = checkInn(inn);
    if (p) errors.inn = p;
  }
  const ogrn = text('ogrn').replace(/\s/g, '') || null;
  if (ogrn) {
    const p = checkOgrn(ogrn);
    if (p) errors.ogrn = p;
  }
  const kpp = text('kpp').replace(/\s/g, '').toUpperCase() || null;
  if (kpp) {
    const p = checkKpp(kpp);
    if (p) errors.kpp = p;
  }
  let website: string | null = null;
  if (text('website')) {
    website = normaliseWebsite(text('website'));
    if (!website) errors.website = `не похоже на адрес сайта: «${text('website')}»`;
  }
  let recipients: number | null = null;
  const recipientsText = text('recipients').replace(/\s/g, '');
  if (recipientsText) {
    const n = Number(recipientsText);
    if (!Number.isInteger(n) || n < 0 || n > 1_000_000) errors.recipients = `число получателей должно быть целым неотрицательным числом, а не «${recipientsText}»`;
    else recipients = n;
  }
  const status = parseOrganisationStatus(text('status'));
  if (!status) errors.status = `неизвестный статус «${text('status')}»: допустимы «действует», «реорганизована», «закрыта»`;
  const lastAssessedOn = optional('lastAssessedOn');
  if (lastAssessedOn && !/^\d{4}-\d{2}-\d{2}$/.test(lastAssessedOn)) errors.lastAssessedOn = `не удалось прочитать дату «${lastAssessedOn}»: ожидается дд.мм.гггг`;

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      fullName,
      shortName,
      type: type!,
      inn,
      ogrn,
      kpp,
      address: optional('address'),
      website,
      headName: optional('headName'),
      founder: optional('founder'),
      recipients,
      status: status!,
      lastAssessedOn,
    },
  };
}

/** Reads dd.mm.yyyy, yyyy-mm-dd, or an Excel serial day number; returns ISO yyyy-mm-dd or null. */
export function parseRussianDate(value: string | number | Date): string | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return value.toISOString().slice(0, 10);
  }
  const v = String(value).trim();
  let y: number, m: number, d: number;
  let match = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(v);
  if (match) {
    d = Number(match[1]);
    m = Number(match[2]);
    y = Number(match[3]);
  } else if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v))) {
    y = Number(match[1]);
    m = Number(match[2]);
    d = Number(match[3]);
  } else if (/^\d{4,5}(\.\d+)?$/.test(v)) {
    // Excel serial: days since 1899-12-30 (the 1900 leap-year bug is already folded into that epoch).
    const serial = Math.floor(Number(v));
    if (serial < 1 || serial > 2958465) return null;
    return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
  } else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

export function formatRuDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}.${m}.${y}`;
}

// ---------------------------------------------------------------- territories

export async function listTerritories(db: Tx): Promise<Territory[]> {
  return db.select().from(territories).orderBy(asc(territories.kind), asc(territories.name));
}

export async function getTerritory(db: Tx, id: string): Promise<Territory | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(territories).where(eq(territories.id, id));
  return row;
}

/** The territory and its ancestors, nearest first: the scope the policy module checks against. */
export async function territoryChain(db: Tx, id: string): Promise<string[]> {
  const chain: string[] = [];
  let current: string | null = id;
  while (current && chain.length < 10 && !chain.includes(current)) {
    chain.push(current);
    const [row] = await db.select({ parentId: territories.parentId }).from(territories).where(eq(territories.id, current));
    current = row?.parentId ?? null;
  }
  return chain;
}

/** Territories the territory covers: itself and its municipalities (for a region). */
export async function territoryWithChildren(db: Tx, id: string): Promise<string[]> {
  const children = await db.select({ id: territories.id }).from(territories).where(eq(territories.parentId, id));
  return [id, ...children.map((c) => c.id)];
}

export async function createTerritory(
  db: Db,
  input: { kind: 'region' | 'municipality'; name: string; parentId: string | null; code?: string | null },
  actor: Actor,
): Promise<Territory> {
  const name = input.name.replace(/\s+/g, ' ').trim();
  if (!name) throw new RegistryError('Укажите название территории.');
  if (name.length > 300) throw new RegistryError('Название территории слишком длинное.');
  return db.transaction(async (tx) => {
    if (input.kind === 'municipality') {
      const parent = input.parentId ? await getTerritory(tx, input.parentId) : undefined;
      if (!parent || parent.kind !== 'region') throw new RegistryError('Муниципалитет создаётся внутри региона: выберите регион.');
    } else if (input.parentId) {
      throw new RegistryError('Регион не может входить в другую территорию.');
    }
    const [row] = await tx
      .insert(territories)
      .values({ kind: input.kind, name, parentId: input.kind === 'region' ? null : input.parentId, code: input.code ?? null })
      .returning();
    // A new territory is filed under itself: its own council and the region's council (its parent) see it.
    await recordAudit(tx, { actor, action: 'territory.create', entity: 'territory', entityId: row!.id, after: row, territoryId: row!.id });
    return row!;
  });
}

// ---------------------------------------------------------------- organisations

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export async function getOrganisation(db: Tx, id: string): Promise<Organisation | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}

export async function listOrganisations(db: Tx, territoryIds?: string[]): Promise<Organisation[]> {
  const q = db.select().from(organisations);
  const rows = territoryIds ? await q.where(inArray(organisations.territoryId, territoryIds)) : await q;
  return rows.sort((a, b) => a.type.localeCompare(b.type) || a.shortName.localeCompare(b.shortName, 'ru'));
}

export async function organisationHistoryOf(db: Tx, organisationId: string) {
  return db
    .select()
    .from(organisationHistory)
    .where(eq(organisationHistory.organisationId, organisationId))
    .orderBy(desc(organisationHistory.at), desc(organisationHistory.id));
}

/** The editable fields of a stored card. */
export function pickInput(o: Organisation): OrganisationInput {
  return {
    fullName: o.fullName,
    shortName: o.shortName,
    type: o.type,
    inn: o.inn,
    ogrn: o.ogrn,
    kpp: o.kpp,
    address: o.address,
    website: o.website,
    headName: o.headName,
    founder: o.founder,
    recipients: o.recipients,
    status: o.status,
    lastAssessedOn: o.lastAssessedOn,
  };
}

export type Changes = Partial<Record<OrganisationField, { from: unknown; to: unknown }>>;

export function diffOrganisation(before: OrganisationInput | null, after: OrganisationInput): Changes {
  const changes: Changes = {};
  for (const f of organisationFields) {
    const from = before ? before[f] : null;
    if (from !== after[f]) changes[f] = { from, to: after[f] };
  }
  return changes;
}

type Source = 'manual' | 'import' | 'demo';

/** Inserts or updates one organisation, recording history and audit in the caller's transaction. */
export async function saveOrganisationInTx(
  tx: Tx,
  args: { territoryId: string; input: OrganisationInput; actor: Actor; source: Source; existing?: Organisation | null },
): Promise<{ organisation: Organisation; outcome: 'created' | 'updated' | 'unchanged' }> {
  const { input, actor, source } = args;
  const existing = args.existing ?? null;
  if (!existing) {
    const [row] = await tx.insert(organisations).values({ ...input, territoryId: args.territoryId }).returning();
    const changes = diffOrganisation(null, input);
    await tx.insert(organisationHistory).values({ organisationId: row!.id, actorId: actor.id, actorName: actor.name, source, changes });
    await recordAudit(tx, { actor, action: 'organisation.create', entity: 'organisation', entityId: row!.id, after: input, reason: source === 'import' ? 'импорт' : null, territoryId: row!.territoryId });
    return { organisation: row!, outcome: 'created' };
  }
  const before = pickInput(existing);
  const changes = diffOrganisation(before, input);
  if (Object.keys(changes).length === 0) return { organisation: existing, outcome: 'unchanged' };
  const [row] = await tx
    .update(organisations)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(organisations.id, existing.id))
    .returning();
  await tx.insert(organisationHistory).values({ organisationId: existing.id, actorId: actor.id, actorName: actor.name, source, changes });
  await recordAudit(tx, { actor, action: 'organisation.update', entity: 'organisation', entityId: existing.id, before, after: input, reason: source === 'import' ? 'импорт' : null, territoryId: existing.territoryId });
  return { organisation: row!, outcome: 'updated' };
}

/** Creates an organisation in a municipality; refuses a duplicate ИНН with a clear message. */
export async function createOrganisation(db: Db, territoryId: string, input: OrganisationInput, actor: Actor): Promise<Organisation> {
  return db.transaction(async (tx) => {
    const territory = await getTerritory(tx, territoryId);
    if (!territory) throw new RegistryError('Территория не найдена.');
    const [dup] = await tx.select({ id: organisations.id, shortName: organisations.shortName, territoryId: organisations.territoryId }).from(organisations).where(eq(organisations.inn, input.inn));
    // Another territory's organisation is named to nobody here: only that the ИНН is taken elsewhere.
    if (dup && dup.territoryId !== territoryId) throw new RegistryError(`Организация с ИНН ${input.inn} уже есть в реестре другой территории.`);
    if (dup) throw new RegistryError(`Организация с ИНН ${input.inn} уже есть в реестре: «${dup.shortName}».`);
    return (await saveOrganisationInTx(tx, { territoryId, input, actor, source: 'manual' })).organisation;
  });
}

export async function updateOrganisation(db: Db, id: string, input: OrganisationInput, actor: Actor): Promise<Organisation> {
  return db.transaction(async (tx) => {
    const existing = await getOrganisation(tx, id);
    if (!existing) throw new RegistryError('Организация не найдена.');
    if (input.inn !== existing.inn) {
      const [dup] = await tx
        .select({ id: organisations.id, shortName: organisations.shortName, territoryId: organisations.territoryId })
        .from(organisations)
        .where(and(eq(organisations.inn, input.inn)));
      if (dup && dup.id !== id && dup.territoryId !== existing.territoryId) throw new RegistryError(`ИНН ${input.inn} уже принадлежит организации другой территории.`);
      if (dup && dup.id !== id) throw new RegistryError(`ИНН ${input.inn} уже принадлежит другой организации: «${dup.shortName}».`);
    }
    return (await saveOrganisationInTx(tx, { territoryId: existing.territoryId, input, actor, source: 'manual', existing })).organisation;
  });
}

/** Territories a signed-in person may see: all for administrators, else their own and its municipalities. */
export async function visibleTerritoryIds(db: Tx, user: { role: string; territoryId: string | null }): Promise<string[] | undefined> {
  if (user.role === 'admin') return undefined;
  if (!user.territoryId) return [];
  return territoryWithChildren(db, user.territoryId);
}
