import type { WorklistCounts, WorklistItem } from '@ketenregie/contracts';
import {
  defaultListState,
  filterQuery,
  filtersOnly,
  newRowCount,
  pageQuery,
  pageNumbersAround,
  readListState,
  rowDeadline,
  rowsPerPage,
  toggledSort,
  withChange,
  writeListState,
} from './list-state';
import { startTabFor, tabCount, tabsFor, worklistTabs } from './tabs';

const noDeadlines: WorklistItem['deadlines'] = {
  assessmentDueOn: null,
  assessmentOverdue: false,
  assessmentWorkingDaysLeft: null,
  investigationDueOn: null,
  investigationOverdue: false,
  investigationWorkingDaysLeft: null,
  nextRappelDueOn: null,
  nextRappelDeadlineOn: null,
  rappelOverdue: false,
};

describe('worklist list state in the address', () => {
  it('leaves defaults out and reads back what it wrote', () => {
    expect(writeListState(defaultListState).toString()).toBe('');
    const state = {
      sort: 'gemeente' as const,
      descending: true,
      municipality: 'Gorinchem',
      status: 'received' as const,
      mine: true,
      page: 3,
    };
    expect(writeListState(state).toString()).toBe(
      'sorteer=gemeente&volgorde=aflopend&gemeente=Gorinchem&status=received&alleen=mijn&pagina=3',
    );
    expect(readListState(writeListState(state))).toEqual(state);
  });

  it('ignores what it does not know instead of failing', () => {
    expect(readListState(new URLSearchParams('sorteer=x&status=nope&pagina=-2&alleen=iedereen'))).toEqual(defaultListState);
  });

  it('starts at page 1 after a change of filter or sort, and reverses a second press on the same header', () => {
    const onPage3 = { ...defaultListState, page: 3 };
    expect(withChange(onPage3, { municipality: 'Molenlanden' })).toMatchObject({ municipality: 'Molenlanden', page: 1 });
    expect(toggledSort(onPage3, 'termijn')).toMatchObject({ sort: 'termijn', descending: true, page: 1 });
    expect(toggledSort(onPage3, 'gezin')).toMatchObject({ sort: 'gezin', descending: false });
  });
});

describe('worklist rows', () => {
  it('shows the tab’s own deadline, or else the most urgent one', () => {
    const deadlines = {
      ...noDeadlines,
      assessmentDueOn: '2026-03-12',
      assessmentWorkingDaysLeft: 2,
      nextRappelDueOn: '2026-03-01',
      nextRappelDeadlineOn: '2026-03-05',
      rappelOverdue: true,
    };
    expect(rowDeadline(deadlines, 'assessment', '2026-03-10')?.kind).toBe('assessment');
    expect(rowDeadline(deadlines, 'rappel', '2026-03-10')?.deadline).toMatchObject({ deadlineOn: '2026-03-05', overdue: true });
    expect(rowDeadline(deadlines, 'any', '2026-03-10')?.kind).toBe('rappel');
    expect(rowDeadline(noDeadlines, 'any')).toBeUndefined();
  });

  it('names the first, the last and the neighbouring pages only', () => {
    expect(pageNumbersAround(2, 20)).toEqual([1, 2, 3, 20]);
    expect(pageNumbersAround(10, 20)).toEqual([1, 9, 10, 11, 20]);
    expect(pageNumbersAround(1, 1)).toEqual([1]);
  });

  it('asks the API for one page, sorted and filtered as the address says', () => {
    const state = readListState(
      new URLSearchParams('sorteer=gezin&volgorde=aflopend&gemeente=Molenlanden&status=received&alleen=mijn&pagina=3'),
    );
    expect(pageQuery(state, false)).toEqual({
      scope: 'mine',
      municipality: 'Molenlanden',
      status: 'received',
      sort: 'family',
      order: 'desc',
      page: 3,
      pageSize: rowsPerPage,
    });
    // "Mijn casussen" is always one's own: no scope=mine to ask for.
    expect(pageQuery(defaultListState, true)).toEqual({ scope: 'all', sort: 'deadline', order: 'asc', page: 1, pageSize: 50 });
    expect(filterQuery(state, false)).toEqual({ scope: 'mine', municipality: 'Molenlanden', status: 'received' });
    // Another tab keeps the filters, not this list's sort and page.
    expect(filtersOnly(state).toString()).toBe('gemeente=Molenlanden&status=received&alleen=mijn');
  });

  it('counts only rows that were not there before as new', () => {
    expect(newRowCount(['a', 'b'], ['c', 'a', 'd'])).toBe(2);
    expect(newRowCount(['a', 'b'], ['a'])).toBe(0);
  });
});

describe('worklist tabs', () => {
  const counts: WorklistCounts = {
    'my-cases': 4,
    'assessments-due': 11,
    'assessments-overdue': 3,
    'rappels-due': 2,
    'rappels-overdue': 0,
    'recidivism-flags': 1,
    'handovers-offered': 5,
    assessments: 14,
    rappels: 2,
    signals: 6,
    'feedback-due': 7,
  };

  it('gives Veilig Thuis every tab, starting at "Beoordelen"; a local team no assessments, starting at its own cases', () => {
    expect(tabsFor(['veilig-thuis-professional']).map((tab) => tab.slug)).toEqual([
      'mijn-casussen',
      'beoordelen',
      'rappels',
      'recidive',
      'overdrachten',
      'signalen',
      'terugkoppeling',
    ]);
    expect(startTabFor(['veilig-thuis-professional'])).toBe('beoordelen');
    expect(tabsFor(['team-sociaal-consultant']).map((tab) => tab.slug)).toEqual([
      'mijn-casussen',
      'rappels',
      'recidive',
      'overdrachten',
      'signalen',
      'terugkoppeling',
    ]);
    expect(startTabFor(['team-sociaal-consultant'])).toBe('mijn-casussen');
    expect(tabsFor(['chain-partner'])).toEqual([]);
    expect(startTabFor(['privacy-officer'])).toBeUndefined();
  });

  it('counts a tab by its list and names the overdue ones', () => {
    const [mine, assess, rappels] = worklistTabs;
    expect(tabCount(assess, counts)).toEqual({ count: 14, overdue: 3 });
    expect(tabCount(rappels, counts)).toEqual({ count: 2, overdue: 0 });
    expect(tabCount(mine, counts)).toEqual({ count: 4, overdue: undefined });
    const signals = worklistTabs.find((tab) => tab.slug === 'signalen');
    const feedback = worklistTabs.find((tab) => tab.slug === 'terugkoppeling');
    expect(signals && tabCount(signals, counts)).toEqual({ count: 6, overdue: undefined });
    expect(feedback && tabCount(feedback, counts)).toEqual({ count: 7, overdue: undefined });
  });
});
