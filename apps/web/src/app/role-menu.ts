import type { SignedInUser } from '@ketenregie/contracts';
import type { MessageKey } from '../i18n/i18n';

type Role = SignedInUser['roles'][number];
export type MenuItem = { to: string; label: MessageKey; end?: boolean };

const worklists: MenuItem = { to: '/werkvoorraad', label: 'nav.worklists' };
const status: MenuItem = { to: '/status', label: 'nav.status' };

// The menu per role from the design brief; a person with more roles gets the union, in this order.
const menus: Record<Role, readonly MenuItem[]> = {
  'veilig-thuis-professional': [
    worklists,
    { to: '/meldingen/nieuw', label: 'nav.intake' },
    { to: '/rappelplanner', label: 'nav.rappelPlanner' },
  ],
  'team-sociaal-consultant': [worklists],
  'chain-partner': [{ to: '/mijn-taken', label: 'nav.myTasks' }],
  'privacy-officer': [
    { to: '/toegangslog', label: 'nav.accessLog' },
    { to: '/noodtoegang', label: 'nav.emergencyGrants' },
    { to: '/logboekcontrole', label: 'nav.chainCheck' },
  ],
  referrer: [{ to: '/melder', label: 'nav.myReports' }],
  'policy-analyst': [status],
  administrator: [status],
};

const startPages: Record<Role, string> = {
  'veilig-thuis-professional': '/werkvoorraad/beoordelen',
  'team-sociaal-consultant': '/werkvoorraad/mijn-casussen',
  'chain-partner': '/mijn-taken',
  'privacy-officer': '/toegangslog',
  referrer: '/melder',
  'policy-analyst': '/status',
  administrator: '/status',
};

const rolePriority: readonly Role[] = [
  'veilig-thuis-professional',
  'team-sociaal-consultant',
  'chain-partner',
  'privacy-officer',
  'referrer',
  'policy-analyst',
  'administrator',
];

export const menuFor = (user: SignedInUser): MenuItem[] => {
  const items = new Map<string, MenuItem>();
  for (const role of rolePriority) if (user.roles.includes(role)) for (const item of menus[role]) items.set(item.to, item);
  return [...items.values()];
};

export const startPageFor = (user: SignedInUser): string => {
  const role = rolePriority.find((candidate) => user.roles.includes(candidate));
  return role ? startPages[role] : '/status';
};

export const primaryRole = (user: SignedInUser): Role | undefined => rolePriority.find((candidate) => user.roles.includes(candidate));
