import type { EmergencyAccessBody, TimelineKind } from '@ketenregie/contracts';
import { caseDetailSchema, caseTextsSchema, caseTimelinePageSchema, emergencyAccessGrantSchema } from '@ketenregie/contracts';
import { api, getJson, getJsonWithEtag, lastCheckpoint, sendJson } from '@ketenregie/platform-web';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { caseKeys } from '../shared/query-keys';

const casePath = (caseId: string, rest = '') => api(`/cases/${encodeURIComponent(caseId)}${rest}`);

/** The case now (with its `ETag` for `If-Match`), or with `asOf` as it was at the end of that day. */
export const caseDetailQueryOptions = (caseId: string, asOf?: string) =>
  queryOptions({
    queryKey: caseKeys.detail(caseId, asOf),
    queryFn: ({ signal }) => getJsonWithEtag(casePath(caseId), caseDetailSchema, { signal, query: { asOf, after: lastCheckpoint() } }),
  });

/** Every free text of the case, newest first; each read is in the access log. */
export const caseTextsQueryOptions = (caseId: string) =>
  queryOptions({
    queryKey: caseKeys.texts(caseId),
    queryFn: ({ signal }) => getJson(casePath(caseId, '/texts'), caseTextsSchema, { signal, query: { after: lastCheckpoint() } }),
  });

/**
 * The timeline a page at a time, newest first. A page of 100 shows at once even for a case with
 * thousands of events; the next page loads as the list scrolls towards its end.
 */
export const caseTimelineQueryOptions = (caseId: string, params: { kind?: TimelineKind; pageSize: number }) =>
  infiniteQueryOptions({
    queryKey: caseKeys.timeline(caseId, params),
    initialPageParam: 1,
    queryFn: ({ pageParam, signal }) =>
      getJson(casePath(caseId, '/timeline'), caseTimelinePageSchema, {
        signal,
        query: { kind: params.kind, page: pageParam, pageSize: params.pageSize, after: lastCheckpoint() },
      }),
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });

/** Break-the-glass: answers the grant with until when it runs. */
export const requestEmergencyAccess = (caseId: string, body: EmergencyAccessBody) =>
  sendJson({ path: casePath(caseId, '/emergency-access'), body, schema: emergencyAccessGrantSchema });
