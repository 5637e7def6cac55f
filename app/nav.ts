import type { CurrentUser } from './context';

export type NavItem = { href: string; label: string };

type Role = NonNullable<CurrentUser>['role'];

// Which sections each role sees in the header. Access itself is enforced by the policy module, not here.
const sections: Record<Role, NavItem[]> = {
  admin: [
    { href: '/dashboard', label: 'Мои задачи' },
    { href: '/registry', label: 'Реестр' },
    { href: '/campaigns', label: 'Кампании' },
    { href: '/survey', label: 'Опрос' },
    { href: '/results', label: 'Результаты' },
    { href: '/council', label: 'Совет' },
    { href: '/voice', label: 'Голос граждан' },
    { href: '/plans', label: 'Планы' },
    { href: '/admin/users', label: 'Пользователи' },
    { href: '/admin/audit', label: 'Журнал изменений' },
    { href: '/admin/calendar', label: 'Календарь' },
  ],
  authority: [
    { href: '/dashboard', label: 'Мои задачи' },
    { href: '/registry', label: 'Реестр' },
    { href: '/campaigns', label: 'Кампании' },
    { href: '/survey', label: 'Опрос' },
    { href: '/results', label: 'Результаты' },
    { href: '/council', label: 'Совет' },
    { href: '/voice', label: 'Голос граждан' },
    { href: '/plans', label: 'Планы' },
  ],
  council: [
    { href: '/dashboard', label: 'Мои задачи' },
    { href: '/registry', label: 'Реестр' },
    { href: '/campaigns', label: 'Кампании' },
    { href: '/survey', label: 'Опрос' },
    { href: '/results', label: 'Результаты' },
    { href: '/council', label: 'Совет' },
    { href: '/voice', label: 'Голос граждан' },
    { href: '/plans', label: 'Планы' },
    { href: '/admin/audit', label: 'Журнал изменений' },
  ],
  operator: [
    { href: '/dashboard', label: 'Мои задачи' },
    { href: '/registry', label: 'Реестр' },
    { href: '/campaigns', label: 'Кампании' },
    { href: '/survey', label: 'Опрос' },
    { href: '/results', label: 'Результаты' },
    { href: '/plans', label: 'Планы' },
  ],
  organisation: [
    { href: '/dashboard', label: 'Мои задачи' },
    { href: '/my/survey', label: 'Опрос' },
    { href: '/voice', label: 'Отзывы' },
    { href: '/plans', label: 'План' },
  ],
};

export function navigationFor(user: CurrentUser): NavItem[] {
  const common: NavItem[] = [
    { href: '/', label: 'Главная' },
    { href: '/rezultaty', label: 'Результаты оценки' },
  ];
  if (!user) return common;
  return [...common, ...sections[user.role]];
}
