// The council of a territory, its members and its rules. Every change is audited in its transaction.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { recordAudit, type Actor } from '../db/audit.server';
import {
  councilDecisions,
  councilMembers,
  councils,
  memberRoles,
  quorumRules,
  tieRules,
  type MemberRole,
  type QuorumRule,
  type TieRule,
} from '../db/schema/council';
import { campaigns, territories } from '../db/schema/registry';
import { users } from '../db/schema/auth';
import { CouncilError, isIsoDate, isUuid } from './errors';

export type Council = typeof councils.$inferSelect;
export type Member = typeof councilMembers.$inferSelect;

export { memberRoleLabels } from './labels';

export async function getCouncil(db: Tx, id: string): Promise<Council | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(councils).where(eq(councils.id, id));
  return row;
}

export async function councilOfTerritory(db: Tx, territoryId: string): Promise<Council | undefined> {
  if (!isUuid(territoryId)) return undefined;
  const [row] = await db.select().from(councils).where(eq(councils.territoryId, territoryId));
  return row;
}

export async function listCouncils(db: Tx, territoryIds?: string[]): Promise<(Council & { territoryName: string })[]> {
  const q = db
    .select({ c: councils, territoryName: territories.name })
    .from(councils)
    .innerJoin(territories, eq(territories.id, councils.territoryId))
    .orderBy(asc(territories.name));
  const rows = territoryIds ? await q.where(inArray(councils.territoryId, territoryIds)) : await q;
  return rows.map((r) => ({ ...r.c, territoryName: r.territoryName }));
}

export type SettingsInput = {
  name: string;
  quorumRule: string;
  tieRule: string;
  absenteeVoting: boolean;
  proposalThreshold: number;
};

function checkSettings(input: SettingsInput): string[] {
  const problems: string[] = [];
  if (!input.name.trim()) problems.push('не указано название совета');
  if (input.name.length > 300) problems.push('название длиннее 300 знаков');
  if (!(quorumRules as readonly string[]).includes(input.quorumRule)) problems.push('выберите правило кворума');
  if (!(tieRules as readonly string[]).includes(input.tieRule)) problems.push('выберите правило при равенстве голосов');
  if (!Number.isInteger(input.proposalThreshold) || input.proposalThreshold < 0 || input.proposalThreshold > 100)
    problems.push('порог для предложений по опросу — целое число от 0 до 100');
  return problems;
}

/**
 * Creates the council of a territory. Decisions migrated from campaigns of that territory (taken before
 * the council was kept in НОКО) are attached to it.
 */
export async function createCouncil(db: Db, territoryId: string, input: SettingsInput, actor: Actor): Promise<Council> {
  const problems = checkSettings(input);
  if (problems.length) throw new CouncilError('Совет не создан.', 400, problems);
  return db.transaction(async (tx) => {
    const [territory] = isUuid(territoryId)
      ? await tx.select().from(territories).where(eq(territories.id, territoryId))
      : [];
    if (!territory) throw new CouncilError('Территория не найдена.', 404);
    if (await councilOfTerritory(tx, territoryId)) throw new CouncilError('У этой территории совет уже есть.', 409);
    const [row] = await tx
      .insert(councils)
      .values({
        territoryId,
        name: input.name.trim(),
        quorumRule: input.quorumRule as QuorumRule,
        tieRule: input.tieRule as TieRule,
        absenteeVoting: input.absenteeVoting,
        proposalThreshold: input.proposalThreshold,
      })
      .returning();
    await tx
      .update(councilDecisions)
      .set({ councilId: row!.id })
      .where(
        and(
          isNull(councilDecisions.councilId),
          inArray(
            councilDecisions.campaignId,
            tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.territoryId, territoryId)),
          ),
        ),
      );
    await recordAudit(tx, {
      actor,
      action: 'council.create',
      entity: 'council',
      entityId: row!.id,
      territoryId,
      after: row,
    });
    return row!;
  });
}

export async function updateSettings(db: Db, councilId: string, input: SettingsInput, actor: Actor): Promise<Council> {
  const problems = checkSettings(input);
  if (problems.length) throw new CouncilError('Настройки не сохранены.', 400, problems);
  return db.transaction(async (tx) => {
    const before = await getCouncil(tx, councilId);
    if (!before) throw new CouncilError('Совет не найден.', 404);
    const [row] = await tx
      .update(councils)
      .set({
        name: input.name.trim(),
        quorumRule: input.quorumRule as QuorumRule,
        tieRule: input.tieRule as TieRule,
        absenteeVoting: input.absenteeVoting,
        proposalThreshold: input.proposalThreshold,
      })
      .where(eq(councils.id, councilId))
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'council.settings',
      entity: 'council',
      entityId: councilId,
      territoryId: before.territoryId,
      before,
      after: row,
    });
    return row!;
  });
}

export async function listMembers(db: Tx, councilId: string): Promise<Member[]> {
  if (!isUuid(councilId)) return [];
  const order = sql`case ${councilMembers.role} when 'chair' then 0 when 'deputy' then 1 when 'secretary' then 2 else 3 end`;
  return db
    .select()
    .from(councilMembers)
    .where(eq(councilMembers.councilId, councilId))
    .orderBy(order, asc(councilMembers.name));
}

/** Members in office on a date: the ones a meeting of that day counts for its quorum. */
export function inOffice(members: Member[], on: string): Member[] {
  return members.filter((m) => m.termFrom <= on && on <= m.termTo);
}

export type MemberInput = {
  name: string;
  role: string;
  represents: string;
  termFrom: string;
  termTo: string;
  eligibilityDeclaredOn: string | null;
  email: string | null;
  userId?: string | null;
};

async function checkMember(tx: Tx, council: Council, input: MemberInput, selfId: string | null): Promise<string[]> {
  const problems: string[] = [];
  if (!input.name.trim()) problems.push('не указаны фамилия, имя и отчество');
  if (input.name.length > 200) problems.push('имя длиннее 200 знаков');
  if (!(memberRoles as readonly string[]).includes(input.role)) problems.push('выберите роль в совете');
  if (!isIsoDate(input.termFrom)) problems.push('не указано начало срока полномочий');
  if (!isIsoDate(input.termTo)) problems.push('не указано окончание срока полномочий');
  if (isIsoDate(input.termFrom) && isIsoDate(input.termTo) && input.termTo < input.termFrom)
    problems.push('срок полномочий оканчивается раньше, чем начинается');
  if (input.eligibilityDeclaredOn !== null && !isIsoDate(input.eligibilityDeclaredOn))
    problems.push('неверная дата декларации');
  if (input.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) problems.push('неверный адрес электронной почты');
  if (input.userId) {
    const [u] = isUuid(input.userId) ? await tx.select().from(users).where(eq(users.id, input.userId)) : [];
    if (!u || u.role !== 'council' || u.territoryId !== council.territoryId)
      problems.push('учётная запись должна быть учётной записью совета этой территории');
  }
  // One chair and one secretary at a time: the protocol names them.
  if (input.role === 'chair' || input.role === 'secretary') {
    const others = (await listMembers(tx, council.id)).filter((m) => m.id !== selfId && m.role === input.role);
    const overlapping = others.filter((m) => m.termFrom <= input.termTo && input.termFrom <= m.termTo);
    if (overlapping.length)
      problems.push(
        `${input.role === 'chair' ? 'председатель' : 'секретарь'} в этот срок уже есть: ${overlapping.map((m) => m.name).join(', ')}`,
      );
  }
  return problems;
}

const memberValues = (input: MemberInput) => ({
  name: input.name.trim(),
  role: input.role as MemberRole,
  represents: input.represents.trim(),
  termFrom: input.termFrom,
  termTo: input.termTo,
  eligibilityDeclaredOn: input.eligibilityDeclaredOn,
  email: input.email?.trim() || null,
  userId: input.userId || null,
});

export async function addMember(db: Db, councilId: string, input: MemberInput, actor: Actor): Promise<Member> {
  return db.transaction(async (tx) => {
    const council = await getCouncil(tx, councilId);
    if (!council) throw new CouncilError('Совет не найден.', 404);
    const problems = await checkMember(tx, council, input, null);
    if (problems.length) throw new CouncilError('Член совета не добавлен.', 400, problems);
    const [row] = await tx
      .insert(councilMembers)
      .values({ councilId, ...memberValues(input) })
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'council.member.add',
      entity: 'council_member',
      entityId: row!.id,
      territoryId: council.territoryId,
      after: row,
    });
    return row!;
  });
}

export async function updateMember(
  db: Db,
  councilId: string,
  memberId: string,
  input: MemberInput,
  actor: Actor,
): Promise<Member> {
  return db.transaction(async (tx) => {
    const council = await getCouncil(tx, councilId);
    if (!council) throw new CouncilError('Совет не найден.', 404);
    const [before] = isUuid(memberId)
      ? await tx
          .select()
          .from(councilMembers)
          .where(and(eq(councilMembers.id, memberId), eq(councilMembers.councilId, councilId)))
      : [];
    if (!before) throw new CouncilError('Член совета не найден.', 404);
    const problems = await checkMember(tx, council, input, memberId);
    if (problems.length) throw new CouncilError('Изменения не сохранены.', 400, problems);
    const [row] = await tx
      .update(councilMembers)
      .set(memberValues(input))
      .where(eq(councilMembers.id, memberId))
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'council.member.edit',
      entity: 'council_member',
      entityId: memberId,
      territoryId: council.territoryId,
      before,
      after: row,
    });
    return row!;
  });
}

/** Council accounts of the territory that a member record can be linked to. */
export async function councilAccounts(
  db: Tx,
  territoryId: string,
): Promise<{ id: string; name: string; email: string }[]> {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.role, 'council'), eq(users.territoryId, territoryId), eq(users.active, true)))
    .orderBy(asc(users.name));
}
