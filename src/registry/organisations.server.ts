import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { recordAudit, type Actor } from '../db/audit.server';
import { organisationHistory } from '../db/schema/campaigns';
import { organisations, territories } from '../db/schema/registry';
import { organisationFields, RegistryError, type OrganisationField, type OrganisationInput } from './fields';

export type Territory = typeof territories.$inferSelect;
export type Organisation = typeof organisations.$inferSelect;

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
    const [row] = await db
      .select({ parentId: territories.parentId })
      .from(territories)
      .where(eq(territories.id, current));
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
      if (!parent || parent.kind !== 'region')
        throw new RegistryError('Муниципалитет создаётся внутри региона: выберите регион.');
    } else if (input.parentId) {
      throw new RegistryError('Регион не может входить в другую территорию.');
    }
    const [row] = await tx
      .insert(territories)
      .values({
        kind: input.kind,
        name,
        parentId: input.kind === 'region' ? null : input.parentId,
        code: input.code ?? null,
      })
      .returning();
    // A new territory is filed under itself: its own council and the region's council (its parent) see it.
    await recordAudit(tx, {
      actor,
      action: 'territory.create',
      entity: 'territory',
      entityId: row!.id,
      after: row,
      territoryId: row!.id,
    });
    return row!;
  });
}

// ---------------------------------------------------------------- organisations

import { isUuid } from '../lib/ids';
export { isUuid };

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
    const [row] = await tx
      .insert(organisations)
      .values({ ...input, territoryId: args.territoryId })
      .returning();
    const changes = diffOrganisation(null, input);
    await tx
      .insert(organisationHistory)
      .values({ organisationId: row!.id, actorId: actor.id, actorName: actor.name, source, changes });
    await recordAudit(tx, {
      actor,
      action: 'organisation.create',
      entity: 'organisation',
      entityId: row!.id,
      after: input,
      reason: source === 'import' ? 'импорт' : null,
      territoryId: row!.territoryId,
    });
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
  await tx
    .insert(organisationHistory)
    .values({ organisationId: existing.id, actorId: actor.id, actorName: actor.name, source, changes });
  await recordAudit(tx, {
    actor,
    action: 'organisation.update',
    entity: 'organisation',
    entityId: existing.id,
    before,
    after: input,
    reason: source === 'import' ? 'импорт' : null,
    territoryId: existing.territoryId,
  });
  return { organisation: row!, outcome: 'updated' };
}

/** Creates an organisation in a municipality; refuses a duplicate ИНН with a clear message. */
export async function createOrganisation(
  db: Db,
  territoryId: string,
  input: OrganisationInput,
  actor: Actor,
): Promise<Organisation> {
  return db.transaction(async (tx) => {
    const territory = await getTerritory(tx, territoryId);
    if (!territory) throw new RegistryError('Территория не найдена.');
    const [dup] = await tx
      .select({ id: organisations.id, shortName: organisations.shortName, territoryId: organisations.territoryId })
      .from(organisations)
      .where(eq(organisations.inn, input.inn));
    // Another territory's organisation is named to nobody here: only that the ИНН is taken elsewhere.
    if (dup && dup.territoryId !== territoryId)
      throw new RegistryError(`Организация с ИНН ${input.inn} уже есть в реестре другой территории.`);
    if (dup) throw new RegistryError(`Организация с ИНН ${input.inn} уже есть в реестре: «${dup.shortName}».`);
    return (await saveOrganisationInTx(tx, { territoryId, input, actor, source: 'manual' })).organisation;
  });
}

export async function updateOrganisation(
  db: Db,
  id: string,
  input: OrganisationInput,
  actor: Actor,
): Promise<Organisation> {
  return db.transaction(async (tx) => {
    const existing = await getOrganisation(tx, id);
    if (!existing) throw new RegistryError('Организация не найдена.');
    if (input.inn !== existing.inn) {
      const [dup] = await tx
        .select({ id: organisations.id, shortName: organisations.shortName, territoryId: organisations.territoryId })
        .from(organisations)
        .where(and(eq(organisations.inn, input.inn)));
      if (dup && dup.id !== id && dup.territoryId !== existing.territoryId)
        throw new RegistryError(`ИНН ${input.inn} уже принадлежит организации другой территории.`);
      if (dup && dup.id !== id)
        throw new RegistryError(`ИНН ${input.inn} уже принадлежит другой организации: «${dup.shortName}».`);
    }
    return (
      await saveOrganisationInTx(tx, { territoryId: existing.territoryId, input, actor, source: 'manual', existing })
    ).organisation;
  });
}

/** Territories a signed-in person may see: all for administrators, else their own and its municipalities. */
export async function visibleTerritoryIds(
  db: Tx,
  user: { role: string; territoryId: string | null },
): Promise<string[] | undefined> {
  if (user.role === 'admin') return undefined;
  if (!user.territoryId) return [];
  return territoryWithChildren(db, user.territoryId);
}
