// The site-audit room on the start page: an organisation's latest audit of its own site, with what is
// missing, and the link to the full report.
import { can } from '../auth/policy';
import type { StartBlock, StartContext } from '../start/types';
import { itemName } from './item-names';
import { latestAuditFor } from './read-models.server';

export async function ownSiteAuditStart({ db, user }: StartContext): Promise<StartBlock[]> {
  if (
    user.role !== 'organisation' ||
    !user.organisationId ||
    !can(user, 'siteAudit.view', { organisationId: user.organisationId })
  )
    return [];
  const latest = await latestAuditFor(db, user.organisationId);
  if (!latest)
    return [{ id: 'own-site-audit', title: 'Проверка сайта', empty: 'Сайт вашей организации ещё не проверялся.' }];
  const missing = latest.report.sections.flatMap((s) =>
    s.items
      .filter((i) => i.required && (i.status === 'missing' || i.status === 'empty'))
      .map((i) => ({ section: s.title, item: i })),
  );
  const at = new Date(latest.finishedAt);
  const date = `${String(at.getDate()).padStart(2, '0')}.${String(at.getMonth() + 1).padStart(2, '0')}.${at.getFullYear()}`;
  return [
    {
      id: 'own-site-audit',
      title: 'Проверка сайта',
      lead: `Последняя проверка ${latest.url} — ${date}. Не найдено обязательных сведений: ${missing.length}.`,
      items: missing.slice(0, 10).map((m) => ({
        text: `${m.section}: ${itemName(m.item.itemprop)}`,
        detail: `разметка itemprop="${m.item.itemprop}"`,
        tone: 'warn' as const,
      })),
      more: { href: `/site-audit/result/${latest.resultId}`, text: 'Полный отчёт о проверке сайта' },
    },
  ];
}
