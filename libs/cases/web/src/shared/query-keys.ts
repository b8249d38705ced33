/**
 * Query keys of the cases context, one tree so a command can invalidate everything a case shows
 * (`caseKeys.all`) or one case's reads (`caseKeys.case(id)`) by prefix.
 */
export const caseKeys = {
  all: ['cases'] as const,
  worklists: () => [...caseKeys.all, 'worklist'] as const,
  worklist: (name: string, params: Record<string, unknown>) => [...caseKeys.worklists(), name, params] as const,
  case: (caseId: string) => [...caseKeys.all, 'case', caseId] as const,
  detail: (caseId: string, asOf?: string) => [...caseKeys.case(caseId), 'detail', asOf ?? 'now'] as const,
  timeline: (caseId: string, params: Record<string, unknown>) => [...caseKeys.case(caseId), 'timeline', params] as const,
  texts: (caseId: string) => [...caseKeys.case(caseId), 'texts'] as const,
  myTasks: (params: Record<string, unknown>) => [...caseKeys.all, 'my-tasks', params] as const,
  familySearch: (body: unknown) => [...caseKeys.all, 'family-search', body] as const,
};
