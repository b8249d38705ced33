import type {
  CaseCommandResult,
  FamilySearchQuery,
  FamilySearchResult,
  RegisterAdviceRequestBody,
  RegisterReportBody,
} from '@ketenregie/contracts';
import { caseCommandResultSchema, familySearchResultSchema, municipalityListSchema, organisationPeopleSchema } from '@ketenregie/contracts';
import { api, getJson, sendJson } from '@ketenregie/platform-web';
import { queryOptions } from '@tanstack/react-query';
import { caseKeys } from '../shared/query-keys';
import type { IntakeKind } from './intake-form';

/** Search-before-create for one person or one address. The body travels in a POST: no names in a URL. */
export const familySearchQueryOptions = (body: FamilySearchQuery) =>
  queryOptions({
    queryKey: caseKeys.familySearch(body),
    // The signal aborts a search whose input was typed over: only the latest answer is shown.
    queryFn: ({ signal }): Promise<FamilySearchResult> =>
      sendJson({ path: api('/families/search'), body, schema: familySearchResultSchema, signal }),
    staleTime: 30_000,
    retry: false,
  });

/** The user's own organisation by name and kind: the intake is received on its behalf. */
export const ownOrganisationQueryOptions = (organisationId: string) =>
  queryOptions({
    queryKey: ['organisations', organisationId, 'people'] as const,
    queryFn: async ({ signal }) =>
      (await getJson(api(`/organisations/${encodeURIComponent(organisationId)}/people`), organisationPeopleSchema, { signal }))
        .organisation,
    staleTime: 5 * 60_000,
  });

/** The municipalities the directory knows, offered while typing a family's municipality. */
export const municipalitiesQueryOptions = () =>
  queryOptions({
    queryKey: ['municipalities'] as const,
    queryFn: ({ signal }) => getJson(api('/municipalities'), municipalityListSchema, { signal }),
    staleTime: 30 * 60_000,
  });

const intakePaths: Record<IntakeKind, string> = { report: '/cases/reports', advice: '/cases/advice-requests' };

/** Registers the report or advice request; a retry with the same key runs it at most once. */
export const registerIntake = (
  kind: IntakeKind,
  body: RegisterReportBody | RegisterAdviceRequestBody,
  idempotencyKey: string,
): Promise<CaseCommandResult> => sendJson({ path: api(intakePaths[kind]), body, schema: caseCommandResultSchema, idempotencyKey });
