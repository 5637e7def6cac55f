// What each role's start page (and the deadlines page) shows from the council room: the running legal
// clocks with their warnings, a council with fewer than two meetings this year, an authority with fewer
// than two information meetings.
import { and, eq, gte, inArray, lte, ne } from 'drizzle-orm';
import type { Tx } from '../db/index.server';
import type { SessionUser } from '../auth/policy';
import { councilClockEvents, councilMeetings, councils } from '../db/schema/council';
import { campaigns } from '../db/schema/registry';
import { clockViews } from './clock.server';
import { infoMeetingsWarning } from './info-meetings.server';

export type StartItem = { key: string; level: 'info' | 'warning' | 'overdue'; text: string; href: string };

export async function councilStartItems(
  db: Tx,
  user: SessionUser,
  territoryIds: string[] | undefined,
  today: string,
): Promise<StartItem[]> {
  if (user.role !== 'admin' && user.role !== 'authority' && user.role !== 'council') return [];
  if (territoryIds && territoryIds.length === 0) return [];
  const items: StartItem[] = [];
  const councilRows = await db
    .select()
    .from(councils)
    .where(territoryIds ? inArray(councils.territoryId, territoryIds) : undefined);
  const councilOf = new Map(councilRows.map((c) => [c.territoryId, c]));
  const rows = await db
    .select({ ev: councilClockEvents, c: campaigns })
    .from(councilClockEvents)
    .innerJoin(campaigns, eq(campaigns.id, councilClockEvents.campaignId))
    .where(
      and(ne(campaigns.status, 'closed'), territoryIds ? inArray(campaigns.territoryId, territoryIds) : undefined),
    );
  for (const { ev, c } of rows) {
    const council = councilOf.get(c.territoryId);
    for (const v of clockViews(ev, today)) {
      if (v.state === 'not_started' || v.state === 'met' || v.state === 'missed') continue;
      if (user.role === 'council' && v.key !== 'council') continue;
      if (user.role === 'authority' && v.key !== 'authority') continue;
      items.push({
        key: `${c.id}-${v.key}`,
        level: v.state === 'overdue' || v.state === 'day' ? 'overdue' : v.state === 'week' ? 'warning' : 'info',
        text: `${c.title}: ${v.title.toLowerCase()} — ${v.label}`,
        href: council ? `/council/${council.id}/campaigns/${c.id}#clocks` : `/campaigns/${c.id}`,
      });
    }
  }
  const year = Number(today.slice(0, 4));
  for (const council of councilRows) {
    if (user.role !== 'authority') {
      const held = await db
        .select({ id: councilMeetings.id })
        .from(councilMeetings)
        .where(
          and(
            eq(councilMeetings.councilId, council.id),
            gte(councilMeetings.heldOn, `${year}-01-01`),
            lte(councilMeetings.heldOn, today),
          ),
        );
      if (held.length < 2)
        items.push({
          key: `${council.id}-meetings`,
          level: 'warning',
          text: `${council.name}: в ${year} году ${held.length === 0 ? 'не было заседаний' : 'было одно заседание'} — совет собирается не реже двух раз в год`,
          href: `/council/${council.id}#meetings`,
        });
    }
    if (user.role !== 'council') {
      const warning = await infoMeetingsWarning(db, council.territoryId, year);
      if (warning)
        items.push({ key: `${council.id}-info`, level: 'warning', text: warning, href: `/council/${council.id}#info` });
    }
  }
  const order = { overdue: 0, warning: 1, info: 2 };
  return items.sort((a, b) => order[a.level] - order[b.level]);
}
