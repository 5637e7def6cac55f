// The accounts room on the start page: for the administrator, accounts that need attention (invited but
// not yet signed up, locked after wrong passwords, switched off) and the size of the registry.
import { count, sql } from 'drizzle-orm';
import { organisations, territories } from '../db/schema/registry';
import { users } from '../db/schema/auth';
import { pluralRu } from '../campaigns/dates';
import type { StartBlock, StartContext } from '../start/types';
import { can } from './policy';

export async function adminStart({ db, user }: StartContext): Promise<StartBlock[]> {
  if (!can(user, 'admin.users')) return [];
  const [a] = await db
    .select({
      total: count(),
      invited: sql<number>`count(*) filter (where ${users.passwordHash} is null and ${users.active})`.mapWith(Number),
      locked: sql<number>`count(*) filter (where ${users.lockedUntil} > now())`.mapWith(Number),
      inactive: sql<number>`count(*) filter (where not ${users.active})`.mapWith(Number),
    })
    .from(users);
  const [t] = await db.select({ n: count() }).from(territories);
  const [o] = await db.select({ n: count() }).from(organisations);
  const accounts = pluralRu(a!.total, { one: 'учётная запись', few: 'учётные записи', many: 'учётных записей' });
  const items: NonNullable<StartBlock['items']> = [];
  if (a!.invited)
    items.push({
      text: `Приглашены, но ещё не задали пароль: ${a!.invited}`,
      href: '/admin/users',
      detail: 'Ссылку можно выдать заново в карточке учётной записи.',
      tone: 'warn',
    });
  if (a!.locked)
    items.push({ text: `Заблокированы после неверных паролей: ${a!.locked}`, href: '/admin/users', tone: 'warn' });
  if (a!.inactive) items.push({ text: `Отключены: ${a!.inactive}`, href: '/admin/users' });
  return [
    {
      id: 'accounts',
      title: 'Учётные записи',
      lead: `Всего ${a!.total} ${accounts}.`,
      items,
      empty: 'Все учётные записи в порядке.',
      more: { href: '/admin/users', text: 'Управление учётными записями' },
    },
    {
      id: 'registry',
      title: 'Реестр',
      lead: `Территорий: ${t!.n}, организаций: ${o!.n}.`,
      ...(o!.n === 0
        ? {
            items: [
              {
                text: 'В реестре ещё нет организаций: создайте территорию и загрузите файл с организациями.',
                href: '/registry',
                tone: 'warn' as const,
              },
            ],
          }
        : {}),
      more: { href: '/registry', text: 'Открыть реестр' },
    },
  ];
}
