import type { SignedInUser, WorklistCounts, WorklistName } from '@ketenregie/contracts';
import type { WorklistsMessageKey } from './i18n/nl';

type Role = SignedInUser['roles'][number];

export type TabSlug = 'mijn-casussen' | 'beoordelen' | 'rappels' | 'recidive' | 'overdrachten' | 'signalen' | 'terugkoppeling';

/** Which deadline the "Termijn" column shows: the one the tab is about, or the case's most urgent. */
export type DeadlineKind = 'assessment' | 'rappel' | 'any';

export type WorklistTab = {
  slug: TabSlug;
  /** Suffix of the tab's texts: `tab.<key>`, `caption.<key>`, `empty.<key>`. */
  key: 'my-cases' | 'assessments' | 'rappels' | 'recidivism' | 'handovers' | 'signals' | 'feedback';
  /**
   * The API worklist the tab pages through. Beoordelen and Rappels read the combined lists, which
   * put overdue work first in the database, so one page and one offset serve both parts.
   */
  list: WorklistName;
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
  { slug: 'mijn-casussen', key: 'my-cases', list: 'my-cases', deadline: 'any', offers: false, roles: directing },
  {
    slug: 'beoordelen',
    key: 'assessments',
    list: 'assessments',
    overdueList: 'assessments-overdue',
    deadline: 'assessment',
    offers: false,
    roles: ['veilig-thuis-professional'],
  },
  {
    slug: 'rappels',
    key: 'rappels',
    list: 'rappels',
    overdueList: 'rappels-overdue',
    deadline: 'rappel',
    offers: false,
    roles: directing,
  },
  { slug: 'recidive', key: 'recidivism', list: 'recidivism-flags', deadline: 'any', offers: false, roles: directing },
  { slug: 'overdrachten', key: 'handovers', list: 'handovers-offered', deadline: 'any', offers: true, roles: directing },
  // What referrers and chain partners reported and the director has not seen yet.
  { slug: 'signalen', key: 'signals', list: 'signals', deadline: 'any', offers: false, roles: directing },
  // Feedback to a referrer that is overdue, or whose delivery was refused or failed.
  { slug: 'terugkoppeling', key: 'feedback', list: 'feedback-due', deadline: 'any', offers: false, roles: directing },
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
  count: counts[tab.list],
  overdue: tab.overdueList ? counts[tab.overdueList] : undefined,
});

export const tabLabelKey = (tab: WorklistTab): WorklistsMessageKey => `tab.${tab.key}`;
