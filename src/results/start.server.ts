// The results room on the start page: what waits for a decision (the council approves a computed draft,
// the authority publishes an approved version) and, for an organisation, its own published results with
// shortfalls and the explanation of every number.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { can } from '../auth/policy';
import { campaignOrganisations, campaigns, territories } from '../db/schema/registry';
import { resultVersions } from '../db/schema/results';
import { territoryChain, visibleTerritoryIds } from '../registry/organisations.server';
import type { StartBlock, StartContext } from '../start/types';
import { parseSnapshot } from './snapshot';
import { points, shortfalls, shownText } from './view';

export async function resultsStart({ db, user }: StartContext): Promise<StartBlock[]> {
  const approve = can(user, 'results.approve');
  const publish = can(user, 'results.publish');
  if ((!approve && !publish) || user.role === 'organisation') return [];
  const visible = await visibleTerritoryIds(db, user);
  const rows = await db
    .select({
      id: resultVersions.id,
      campaignId: resultVersions.campaignId,
      version: resultVersions.version,
      status: resultVersions.status,
      title: campaigns.title,
      territoryId: campaigns.territoryId,
      territoryName: territories.name,
    })
    .from(resultVersions)
    .innerJoin(campaigns, eq(campaigns.id, resultVersions.campaignId))
    .innerJoin(territories, eq(territories.id, campaigns.territoryId))
    .where(
      and(
        inArray(resultVersions.status, ['draft', 'approved']),
        isNull(resultVersions.supersededBy),
        visible ? inArray(campaigns.territoryId, visible) : undefined,
      ),
    )
    .orderBy(desc(resultVersions.computedAt));
  const items: NonNullable<StartBlock['items']> = [];
  for (const r of rows) {
    const scope = { territoryIds: await territoryChain(db, r.territoryId) };
    if (r.status === 'draft' && can(user, 'results.approve', scope)) {
      items.push({
        text: `${r.title} (${r.territoryName}): версия ${r.version} ждёт утверждения советом`,
        href: `/results/${r.campaignId}`,
        tone: 'warn',
      });
    }
    if (r.status === 'approved' && can(user, 'results.publish', scope)) {
      items.push({
        text: `${r.title} (${r.territoryName}): версия ${r.version} утверждена и ждёт публикации`,
        href: `/results/${r.campaignId}`,
        tone: 'warn',
      });
    }
  }
  const title = user.role === 'council' ? 'Решения совета по результатам' : 'Результаты к публикации';
  const empty =
    user.role === 'council'
      ? 'Нет рассчитанных результатов, которые ждут утверждения.'
      : 'Нет утверждённых результатов, которые ждут публикации.';
  return [{ id: 'results', title, items, empty, more: { href: '/results', text: 'Все результаты' } }];
}

/** An organisation's own published results: total, band, criteria, shortfalls, link to the explanation. */
export async function ownResultsStart({ db, user }: StartContext): Promise<StartBlock[]> {
  if (user.role !== 'organisation' || !user.organisationId) return [];
  if (!can(user, 'results.view', { organisationId: user.organisationId })) return [];
  const orgId = user.organisationId;
  const rows = await db
    .select({
      campaignId: campaigns.id,
      title: campaigns.title,
      year: campaigns.year,
      version: resultVersions.version,
      snapshot: resultVersions.snapshot,
    })
    .from(resultVersions)
    .innerJoin(campaigns, eq(campaigns.id, resultVersions.campaignId))
    .innerJoin(
      campaignOrganisations,
      and(eq(campaignOrganisations.campaignId, campaigns.id), eq(campaignOrganisations.organisationId, orgId)),
    )
    .where(and(eq(resultVersions.status, 'published'), isNull(resultVersions.supersededBy)))
    .orderBy(desc(campaigns.year))
    .limit(3);
  if (rows.length === 0) {
    return [
      {
        id: 'own-results',
        title: 'Результаты оценки вашей организации',
        empty: 'Результатов оценки вашей организации пока не опубликовано.',
      },
    ];
  }
  const blocks: StartBlock[] = [];
  for (const r of rows) {
    const s = parseSnapshot(JSON.parse(r.snapshot));
    const org = s.organisations.find((o) => o.id === orgId);
    if (!org) continue;
    const card = `/rezultaty/${r.campaignId}/o/${orgId}`;
    const lead =
      `Итоговый балл ${points(org.total)} из 100${org.band ? `, «${org.band}»` : ''}${org.rank ? `, место ${org.rank} из ${s.territory.withTotal}` : ''}. Ответов на анкету: ${org.respondents}.` +
      (org.belowMinimum ? ` Ответов меньше ${s.options.minRespondents}: показатели по опросу не публикуются.` : '');
    const gaps = shortfalls(s, org, 'public');
    blocks.push({
      id: `own-results-${r.campaignId}`,
      title: `Результаты: ${r.title}`,
      lead,
      table: {
        caption: 'Баллы по критериям',
        head: ['Критерий', 'Балл'],
        rows: s.criteria.map((c) => ({
          cells: [`${c.id.replace('K', 'К')}. ${c.title}`, shownText(s, org, c.id, 'public')],
        })),
        numeric: [1],
      },
      items: gaps.slice(0, 12).map((g) => ({
        text: `${g.id}. ${g.title} — ${points(g.value)} из 100`,
        href: `${card}/kak/${g.id}`,
        ...(g.missing.length
          ? {
              detail: `не хватает: ${g.missing
                .slice(0, 5)
                .map((m) => m.label)
                .join('; ')}${g.missing.length > 5 ? ` и ещё ${g.missing.length - 5}` : ''}`,
            }
          : {}),
        tone: 'warn' as const,
      })),
      itemsTitle: `Недостатки: показатели ниже 100 баллов (${gaps.length}). Нажмите, чтобы увидеть расчёт`,
      empty: 'Недостатков по показателям нет: все показатели — 100 баллов.',
      more: { href: card, text: 'Карточка организации с объяснением каждого балла' },
    });
  }
  return blocks;
}
