// The survey room (with the checklists' counts) on the start page: for the operator, collection progress
// per organisation — questionnaires against the sample target and which checklists are not filled in; for
// an organisation, how many questionnaires its parents have sent.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { can } from '../auth/policy';
import { getCampaignChecklistCounts } from '../checklists/counts.server';
import { campaignOrganisations, campaigns } from '../db/schema/registry';
import { visibleTerritoryIds } from '../registry/organisations.server';
import type { StartBlock, StartContext } from '../start/types';
import { ownCount, surveyDashboard } from './dashboard.server';

const COLLECTING = ['collecting', 'scoring'] as const;
const LIST_NAMES: Record<string, string> = {
  '1.1-stand': '1.1 стенд',
  '1.1-site': '1.1 сайт',
  '1.2': '1.2',
  '2.1': '2.1',
  '3.1': '3.1',
  '3.2': '3.2',
};

export async function collectionStart({ db, user }: StartContext): Promise<StartBlock[]> {
  if (user.role !== 'operator' || !can(user, 'survey.monitor')) return [];
  const visible = await visibleTerritoryIds(db, user);
  const list = await db
    .select({ id: campaigns.id, title: campaigns.title })
    .from(campaigns)
    .where(
      and(
        inArray(campaigns.status, [...COLLECTING]),
        visible
          ? inArray(campaigns.territoryId, visible.length ? visible : ['00000000-0000-0000-0000-000000000000'])
          : undefined,
      ),
    )
    .orderBy(desc(campaigns.year));
  if (list.length === 0)
    return [{ id: 'collection', title: 'Сбор данных', empty: 'Сейчас ни одна кампания не собирает данные.' }];
  const blocks: StartBlock[] = [];
  for (const c of list) {
    const survey = await surveyDashboard(db, c.id);
    const counts = await getCampaignChecklistCounts(db, c.id);
    let incomplete = 0;
    let belowTarget = 0;
    const rows = survey.map((o) => {
      const k = counts.get(o.organisationId);
      const missing = k ? Object.values(k.byChecklist).filter((x) => x.items > 0 && x.unanswered > 0) : [];
      if (missing.length) incomplete++;
      if (o.adequate === false) belowTarget++;
      return {
        cells: [
          o.name,
          o.target === null ? `${o.valid}` : `${o.valid} из ${o.target}`,
          missing.length
            ? missing.map((x) => `${LIST_NAMES[x.checklist] ?? x.checklist} (${x.unanswered})`).join(', ')
            : 'все заполнены',
        ],
        href: `/campaigns/${c.id}/org/${o.organisationId}/checklists`,
        ...(missing.length || o.adequate === false ? { tone: 'warn' as const } : {}),
      };
    });
    blocks.push({
      id: `collection-${c.id}`,
      title: `Сбор данных: ${c.title}`,
      lead: `Организаций: ${survey.length}. Чек-листы заполнены не до конца у ${incomplete}; анкет меньше нужного у ${belowTarget}.`,
      table: {
        caption: `Ход сбора данных по организациям: ${c.title}`,
        head: ['Организация', 'Анкет (действительных)', 'Незаполненные чек-листы (пунктов без ответа)'],
        rows,
      },
      more: { href: `/campaigns/${c.id}/survey`, text: 'Ход опроса подробно' },
    });
  }
  return blocks;
}

export async function ownSurveyStart({ db, user }: StartContext): Promise<StartBlock[]> {
  if (
    user.role !== 'organisation' ||
    !user.organisationId ||
    !can(user, 'survey.ownCount', { organisationId: user.organisationId })
  )
    return [];
  const list = await db
    .select({ id: campaigns.id, title: campaigns.title, status: campaigns.status })
    .from(campaignOrganisations)
    .innerJoin(campaigns, eq(campaigns.id, campaignOrganisations.campaignId))
    .where(
      and(eq(campaignOrganisations.organisationId, user.organisationId), inArray(campaigns.status, [...COLLECTING])),
    );
  const items = [];
  for (const c of list) {
    const { received } = await ownCount(db, c.id, user.organisationId);
    items.push({
      text: `${c.title}: получено анкет — ${received}`,
      href: '/my/survey',
      detail: 'Ссылка, QR-код и объявление для родителей — на странице опроса.',
    });
  }
  return [
    {
      id: 'own-survey',
      title: 'Опрос родителей и обучающихся',
      items,
      empty: 'Сейчас опрос по вашей организации не идёт.',
      more: { href: '/my/survey', text: 'Страница опроса' },
    },
  ];
}
