import type { CurrentUser } from './context';

export type NavItem = { href: string; label: string };

type Role = NonNullable<CurrentUser>['role'];

// Which sections each role sees in the header. Access itself is enforced by the policy module, not here.
const sections: Record<Role, NavItem[]> = {
  admin: [
    { href: '/admin', label: 'Администрирование' },
  ],
  authority: [],
  council: [],
  operator: [],
  organisation: [],
};

export function navigationFor(user: CurrentUser): NavItem[] {
  const common: NavItem[] = [{ href: '/', label: 'Главная' }];
  if (!user) return common;
  return [...common, ...sections[user.role]];
}
