import type { SignedInUser, WorklistCounts, WorklistName } from '@ketenregie/contracts';
import type { WorklistsMessageKey } from './i18n/nl';

type Role = SignedInUser['roles'][number];

export type TabSlug = 'mijn-casussen' | 'beoordelen' | 'rappels' | 'recidive' | 'overdrachten';

/** Which deadline the "Termijn" column shows: the one the tab is about, or the case's most urgent. */
export type DeadlineKind = 'assessment' | 'rappel' | 'any';

export type WorklistTab = {
  slug: TabSlug;
  /** Suffix of the tab's texts: `tab.<key>`, `caption.<key>`, `empty.<key>`. */
  key: 'my-cases' | 'assessments' | 'rappels' | 'recidivism' | 'handovers';
  /** The API worklists the tab shows, one after the other: overdue work first. */
  lists: readonly WorklistName[];
  /** The list whose count the tab names as "waarvan N te laat". */
  overdueList?: WorklistName;
  deadline: DeadlineKind;
  /** Only the hand-over offers carry who offers and to whom. */
  offers: boolean;
  roles: readonly Role[];
};

const directing: readonly Role[] = ['veilig-thuis-professional', 'team-sociaal-consultant'];

// Both directing roles may read every worklist (the `view-worklists` capability); a safety
// assessment is Veilig Thuis work only, so a local team never has one to do and gets no such tab.
export const worklistTabs: readonly WorklistTab[] = [
  { slug: 'mijn-casussen', key: 'my-cases', lists: ['my-cases'], deadline: 'any', offers: false, roles: directing },
  {
    slug: 'beoordelen',
    key: 'assessments',
    lists: ['assessments-overdue', 'assessments-due'],
    overdueList: 'assessments-overdue',
    deadline: 'assessment',
    offers: false,
    roles: ['veilig-thuis-professional'],
  },
  {
    slug: 'rappels',
    key: 'rappels',
    lists: ['rappels-overdue', 'rappels-due'],
    overdueList: 'rappels-overdue',
    deadline: 'rappel',
    offers: false,
    roles: directing,
  },
  { slug: 'recidive', key: 'recidivism', lists: ['recidivism-flags'], deadline: 'any', offers: false, roles: directing },
  { slug: 'overdrachten', key: 'handovers', lists: ['handovers-offered'], deadline: 'any', offers: true, roles: directing },
];

export const tabsFor = (roles: readonly Role[]): WorklistTab[] =>
  worklistTabs.filter((tab) => tab.roles.some((role) => roles.includes(role)));

/** The start tab of the design brief: Veilig Thuis assesses, a local team starts with its own cases. */
export const startTabFor = (roles: readonly Role[]): TabSlug | undefined => {
  const tabs = tabsFor(roles);
  if (roles.includes('veilig-thuis-professional') && tabs.some((tab) => tab.slug === 'beoordelen')) return 'beoordelen';
  return tabs[0]?.slug;
};

export const tabCount = (tab: WorklistTab, counts: WorklistCounts): { count: number; overdue: number | undefined } => ({
  count: tab.lists.reduce((sum, list) => sum + counts[list], 0),
  overdue: tab.overdueList ? counts[tab.overdueList] : undefined,
});

export const tabLabelKey = (tab: WorklistTab): WorklistsMessageKey => `tab.${tab.key}`;
