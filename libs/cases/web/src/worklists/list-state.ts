import type { WorklistItem, WorklistQuery, WorklistSortKey } from '@ketenregie/contracts';
import { caseStatusValues } from '@ketenregie/contracts';
import type { DeadlineInput } from '../shared/deadline';
import { deadlineUrgency } from '../shared/deadline';
import type { DeadlineKind } from './tabs';

/** The sortable columns, by the word that stands for them in the address. */
export const sortKeys = ['termijn', 'gezin', 'gemeente', 'status', 'regisseur', 'gewijzigd'] as const;

export type SortKey = (typeof sortKeys)[number];

type Status = WorklistItem['status'];

/**
 * Everything that makes up what the list shows, kept in the address: a link or "back" shows the
 * same list. Defaults are left out of the address.
 */
export type ListState = {
  sort: SortKey;
  descending: boolean;
  municipality: string | undefined;
  status: Status | undefined;
  /** `scope=mine` on the API. */
  mine: boolean;
  page: number;
};

export const defaultListState: ListState = {
  sort: 'termijn',
  descending: false,
  municipality: undefined,
  status: undefined,
  mine: false,
  page: 1,
};

const isSortKey = (value: string | null): value is SortKey => value !== null && (sortKeys as readonly string[]).includes(value);
const isStatus = (value: string | null): value is Status => value !== null && (caseStatusValues as readonly string[]).includes(value);

export const readListState = (params: URLSearchParams): ListState => {
  const sort = params.get('sorteer');
  const page = Number(params.get('pagina'));
  const status = params.get('status');
  return {
    sort: isSortKey(sort) ? sort : defaultListState.sort,
    descending: params.get('volgorde') === 'aflopend',
    municipality: params.get('gemeente') || undefined,
    status: isStatus(status) ? status : undefined,
    mine: params.get('alleen') === 'mijn',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
};

export const writeListState = (state: ListState): URLSearchParams => {
  const params = new URLSearchParams();
  if (state.sort !== defaultListState.sort) params.set('sorteer', state.sort);
  if (state.descending) params.set('volgorde', 'aflopend');
  if (state.municipality) params.set('gemeente', state.municipality);
  if (state.status) params.set('status', state.status);
  if (state.mine) params.set('alleen', 'mijn');
  if (state.page > 1) params.set('pagina', String(state.page));
  return params;
};

/** The address's Dutch sort words as the API names its sort keys. */
const apiSortKeys: Record<SortKey, WorklistSortKey> = {
  termijn: 'deadline',
  gezin: 'family',
  gemeente: 'municipality',
  status: 'status',
  regisseur: 'director',
  gewijzigd: 'lastChanged',
};

/** How many rows a page shows: the API sends exactly this many, and logs exactly those families. */
export const rowsPerPage = 50;

/** The filters the list and the tab counts share, so a tab's count matches the list it opens. */
export const filterQuery = (state: ListState, ownCasesOnly: boolean) => ({
  scope: state.mine && !ownCasesOnly ? ('mine' as const) : ('all' as const),
  ...(state.municipality ? { municipality: state.municipality } : {}),
  ...(state.status ? { status: state.status } : {}),
});

/** The one page the list shows, as the API's query: sorted, filtered and paged by the server. */
export const pageQuery = (state: ListState, ownCasesOnly: boolean): Omit<WorklistQuery, 'after'> => ({
  ...filterQuery(state, ownCasesOnly),
  sort: apiSortKeys[state.sort],
  order: state.descending ? 'desc' : 'asc',
  page: state.page,
  pageSize: rowsPerPage,
});

/** The address of another tab with the same filters (sort and page belong to one list). */
export const filtersOnly = (state: ListState): URLSearchParams =>
  writeListState({ ...defaultListState, municipality: state.municipality, status: state.status, mine: state.mine });

export const hasFilters = (state: ListState): boolean => state.municipality !== undefined || state.status !== undefined || state.mine;

/** Changing what is shown starts at the first page again: page 3 of another selection means nothing. */
export const withChange = (state: ListState, change: Partial<Omit<ListState, 'page'>>): ListState => ({ ...state, ...change, page: 1 });

/** A header's sort button: the first press sorts ascending (the most urgent first for "Termijn"), the next reverses. */
export const toggledSort = (state: ListState, key: SortKey): ListState =>
  withChange(state, { sort: key, descending: state.sort === key ? !state.descending : false });

const assessmentDeadline = (deadlines: WorklistItem['deadlines']): DeadlineInput | undefined =>
  deadlines.assessmentDueOn === null
    ? undefined
    : { dueOn: deadlines.assessmentDueOn, overdue: deadlines.assessmentOverdue, workingDaysLeft: deadlines.assessmentWorkingDaysLeft };

const investigationDeadline = (deadlines: WorklistItem['deadlines']): DeadlineInput | undefined =>
  deadlines.investigationDueOn === null
    ? undefined
    : {
        dueOn: deadlines.investigationDueOn,
        overdue: deadlines.investigationOverdue,
        workingDaysLeft: deadlines.investigationWorkingDaysLeft,
      };

const rappelDeadline = (deadlines: WorklistItem['deadlines']): DeadlineInput | undefined =>
  deadlines.nextRappelDueOn === null
    ? undefined
    : { dueOn: deadlines.nextRappelDueOn, deadlineOn: deadlines.nextRappelDeadlineOn, overdue: deadlines.rappelOverdue };

/**
 * The deadline a row shows under "Termijn": the one its tab is about (assessment in working days,
 * rappel in days), or on the other tabs the case's most urgent open deadline.
 */
export const rowDeadline = (
  deadlines: WorklistItem['deadlines'],
  kind: DeadlineKind,
  today?: string,
): { deadline: DeadlineInput; kind: 'assessment' | 'investigation' | 'rappel' } | undefined => {
  const candidates = [
    { deadline: assessmentDeadline(deadlines), kind: 'assessment' as const },
    { deadline: investigationDeadline(deadlines), kind: 'investigation' as const },
    { deadline: rappelDeadline(deadlines), kind: 'rappel' as const },
  ].filter(
    (candidate): candidate is { deadline: DeadlineInput; kind: 'assessment' | 'investigation' | 'rappel' } =>
      candidate.deadline !== undefined && (kind === 'any' || candidate.kind === kind),
  );
  let best: (typeof candidates)[number] | undefined;
  for (const candidate of candidates)
    if (!best || deadlineUrgency(candidate.deadline, today) < deadlineUrgency(best.deadline, today)) best = candidate;
  return best;
};

/** How many rows of the new list were not on the list before: what "Lijst bijgewerkt: 2 nieuw" counts. */
export const newRowCount = (before: readonly string[], after: readonly string[]): number => {
  const known = new Set(before);
  return after.filter((id) => !known.has(id)).length;
};

/** The first and last page and those next to the current one: a long list stays one line of links. */
export const pageNumbersAround = (page: number, pages: number): number[] =>
  [...new Set([1, page - 1, page, page + 1, pages])].filter((number) => number >= 1 && number <= pages).sort((a, b) => a - b);
