// The campaigns room on the start page: statutory clocks that are running and steps past their date, for
// whoever follows campaigns (authority, council, operator, administrator). The deadline logic itself is
// the campaigns room's (campaignCalendar, overdueSteps); this only lists what they return.
import { can } from '../auth/policy';
import { visibleTerritoryIds } from '../registry/organisations.server';
import type { StartBlock, StartContext } from '../start/types';
import { roleLabels } from './calendar';
import { campaignCalendar, overdueSteps } from './calendar.server';
import { listCampaigns } from './campaigns.server';
import { daysBetween, daysRu, formatRu } from './dates';

export async function campaignsStart({ db, user, today }: StartContext): Promise<StartBlock[]> {
  if (!can(user, 'campaign.view') || user.role === 'organisation') return [];
  const territories = await visibleTerritoryIds(db, user);
  const active = (await listCampaigns(db, territories)).filter((c) => c.status !== 'closed');
  const items: StartBlock['items'] = [];
  for (const c of active) {
    const cal = await campaignCalendar(db, c, today);
    for (const k of cal.clocks) {
      if (k.state !== 'running' && k.state !== 'overdue') continue;
      items.push({
        text: `${c.title} (${c.territoryName}): ${k.title}`,
        href: `/campaigns/${c.id}#calendar`,
        detail: `срок ${formatRu(k.deadline)}, ${k.label}`,
        tone: k.state === 'overdue' ? 'overdue' : 'warn',
      });
    }
  }
  for (const s of await overdueSteps(db, territories, today)) {
    items.push({
      text: `${s.campaignTitle} (${s.territoryName}): ${s.title}`,
      href: `/campaigns/${s.campaignId}#calendar`,
      detail: `план ${formatRu(s.plannedOn!)}, просрочено на ${daysRu(daysBetween(s.plannedOn!, today))}; отвечает: ${roleLabels[s.responsibleRole]}`,
      tone: 'overdue',
    });
  }
  return [
    {
      id: 'deadlines',
      title: 'Сроки',
      items,
      empty: 'Сейчас не идёт ни один срок по закону и нет просроченных шагов.',
      more: { href: '/campaigns', text: 'Все кампании' },
    },
  ];
}
