// The authority's information meetings with heads of organisations: at least two a year (seed plan, item 11).
import { and, desc, eq, gte, lte } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { recordAudit, type Actor } from '../db/audit.server';
import { infoMeetings } from '../db/schema/council';
import { CouncilError, isIsoDate, isUuid } from './errors';
import { pluralRu } from './voting';

export type InfoMeeting = typeof infoMeetings.$inferSelect;
export const INFO_MEETINGS_PER_YEAR = 2;

export async function listInfoMeetings(db: Tx, territoryId: string): Promise<InfoMeeting[]> {
  if (!isUuid(territoryId)) return [];
  return db
    .select()
    .from(infoMeetings)
    .where(eq(infoMeetings.territoryId, territoryId))
    .orderBy(desc(infoMeetings.heldOn));
}

export type InfoMeetingInput = { heldOn: string; topic: string; attendees: string; materials: string; record: string };

export async function addInfoMeeting(
  db: Db,
  territoryId: string,
  input: InfoMeetingInput,
  actor: Actor,
): Promise<InfoMeeting> {
  const problems: string[] = [];
  if (!isIsoDate(input.heldOn)) problems.push('не указана дата встречи');
  if (!input.topic.trim()) problems.push('не указана тема встречи');
  for (const [label, v] of [
    ['тема', input.topic],
    ['участники', input.attendees],
    ['материалы', input.materials],
    ['запись', input.record],
  ] as const)
    if (v.length > 10_000) problems.push(`поле «${label}» длиннее 10 000 знаков`);
  if (problems.length) throw new CouncilError('Встреча не сохранена.', 400, problems);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(infoMeetings)
      .values({
        territoryId,
        heldOn: input.heldOn,
        topic: input.topic.trim(),
        attendees: input.attendees.trim(),
        materials: input.materials.trim(),
        record: input.record.trim(),
      })
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'council.infoMeeting.add',
      entity: 'council_info_meeting',
      entityId: row!.id,
      territoryId,
      after: row,
    });
    return row!;
  });
}

/** «В 2026 году проведена 1 встреча из 2 обязательных» — null once the year has its two. */
export async function infoMeetingsWarning(db: Tx, territoryId: string, year: number): Promise<string | null> {
  if (!isUuid(territoryId)) return null;
  const rows = await db
    .select({ id: infoMeetings.id })
    .from(infoMeetings)
    .where(
      and(
        eq(infoMeetings.territoryId, territoryId),
        gte(infoMeetings.heldOn, `${year}-01-01`),
        lte(infoMeetings.heldOn, `${year}-12-31`),
      ),
    );
  return infoMeetingsWarningText(rows.length, year);
}

export function infoMeetingsWarningText(held: number, year: number): string | null {
  if (held >= INFO_MEETINGS_PER_YEAR) return null;
  return `В ${year} году ${pluralRu(held, ['проведена', 'проведено', 'проведено'])} ${held} ${pluralRu(held, ['информационная встреча', 'информационные встречи', 'информационных встреч'])} с руководителями организаций из ${INFO_MEETINGS_PER_YEAR} обязательных в год.`;
}
