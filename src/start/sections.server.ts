// The start sections of every room, in one list. A room adds its section here with one line; the start
// page (app/routes/start/dashboard.tsx) composes whatever the list gives for the signed-in person.
import { campaignsStart } from '../campaigns/start.server';
import { resultsStart, ownResultsStart } from '../results/start.server';
import { collectionStart, ownSurveyStart } from '../survey/start.server';
import { ownSiteAuditStart } from '../site-audit/start.server';
import { adminStart } from '../auth/start.server';
import { voiceStartItems } from '../voice/start.server';
import { councilStartItems } from '../council/start-items.server';
import { planStartItems } from '../plans/control.server';
import { visibleTerritoryIds } from '../registry/organisations.server';
import type { Db } from '../db/index.server';
import type { StartBlock, StartContext, StartSection } from './types';

/** The citizens' voice room's items (src/voice/start.server.ts) as a start block. */
async function voiceStart({ db, user, today }: StartContext): Promise<StartBlock[]> {
  const territories = user.role === 'organisation' ? undefined : await visibleTerritoryIds(db, user);
  const items = await voiceStartItems(db as Db, user, territories, today);
  const follows =
    user.role === 'organisation' ? !!user.organisationId : ['admin', 'authority', 'council'].includes(user.role);
  if (!follows) return [];
  return [
    {
      id: 'voice',
      title: 'Голос граждан',
      items: items.map((i) => ({ text: i.text, href: i.href, ...(i.overdue ? { tone: 'overdue' as const } : {}) })),
      empty: 'Отзывов на модерации и просроченных ответов нет.',
    },
  ];
}

/** The council room's legal clocks and yearly meeting counts (src/council/start-items.server.ts) as a start block. */
async function councilStart({ db, user, today }: StartContext): Promise<StartBlock[]> {
  if (!['admin', 'authority', 'council'].includes(user.role)) return [];
  const territories = await visibleTerritoryIds(db, user);
  const items = await councilStartItems(db as Db, user, territories, today);
  return [
    {
      id: 'council',
      title: 'Совет и сроки по закону',
      items: items.map((i) => ({
        text: i.text,
        href: i.href,
        tone: i.level === 'warning' ? ('warn' as const) : i.level,
      })),
      empty: 'Сейчас не идёт ни один месячный срок совета или органа.',
    },
  ];
}

/** The plans room's due dates, overdue rows and rows awaiting verification (src/plans/control.server.ts). */
async function plansStart({ db, user, today }: StartContext): Promise<StartBlock[]> {
  if (!['admin', 'authority', 'operator', 'organisation'].includes(user.role)) return [];
  const items = await planStartItems(db, user, today);
  return [
    {
      id: 'plans',
      title: 'Планы по устранению недостатков',
      items: items.map((i) => ({ text: i.text, href: i.href, ...(i.urgent ? { tone: 'overdue' as const } : {}) })),
      empty: 'Срочных дел по планам нет.',
      more: { href: '/plans', text: 'Все планы' },
    },
  ];
}

export const startSections: StartSection[] = [
  { id: 'own-results', order: 10, load: ownResultsStart },
  { id: 'own-survey', order: 20, load: ownSurveyStart },
  { id: 'own-site-audit', order: 30, load: ownSiteAuditStart },
  { id: 'deadlines', order: 40, load: campaignsStart },
  { id: 'council', order: 45, load: councilStart },
  { id: 'results', order: 50, load: resultsStart },
  { id: 'collection', order: 60, load: collectionStart },
  { id: 'admin', order: 70, load: adminStart },
  { id: 'voice', order: 65, load: voiceStart },
  { id: 'plans', order: 55, load: plansStart },
];

/** Every block for this person, sections in order; a failing section never hides the others. */
export async function startBlocks(
  ctx: StartContext,
  sections: readonly StartSection[] = startSections,
): Promise<{ blocks: StartBlock[]; failed: string[] }> {
  const blocks: StartBlock[] = [];
  const failed: string[] = [];
  for (const s of [...sections].sort((a, b) => a.order - b.order)) {
    try {
      blocks.push(...(await s.load(ctx)));
    } catch {
      failed.push(s.id);
    }
  }
  return { blocks, failed };
}
