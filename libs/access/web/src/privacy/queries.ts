import type { AccessLogQuery, EmergencyGrantView, ReviewEmergencyGrantBody } from '@ketenregie/contracts';
import {
  accessLogPageSchema,
  accessLogVerificationSchema,
  emergencyGrantPageSchema,
  emergencyGrantSchema,
  familyAccessLogExportSchema,
} from '@ketenregie/contracts';
import { api, getJson, sendJson } from '@ketenregie/platform-web';
import { queryOptions } from '@tanstack/react-query';

export const privacyKeys = {
  all: ['privacy'] as const,
  log: (query: AccessLogQuery) => ['privacy', 'access-log', query] as const,
  verification: ['privacy', 'access-log-verification'] as const,
  grants: (reviewed: boolean, page: number) => ['privacy', 'emergency-grants', { reviewed, page }] as const,
};

export const accessLogQueryOptions = (query: AccessLogQuery) =>
  queryOptions({
    queryKey: privacyKeys.log(query),
    queryFn: ({ signal }) => getJson(api('/access-log'), accessLogPageSchema, { signal, query }),
    // Every search is itself logged: fetch again only when the officer asks.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });

/** The walk reads the whole chain: only on opening the page and on "Opnieuw controleren". */
export const accessLogVerificationQueryOptions = () =>
  queryOptions({
    queryKey: privacyKeys.verification,
    queryFn: ({ signal }) => getJson(api('/access-log/verify'), accessLogVerificationSchema, { signal }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });

export const grantsPageSize = 25;

export const emergencyGrantsQueryOptions = (reviewed: boolean, page: number) =>
  queryOptions({
    queryKey: privacyKeys.grants(reviewed, page),
    queryFn: ({ signal }) =>
      getJson(api('/emergency-grants'), emergencyGrantPageSchema, { signal, query: { reviewed, page, pageSize: grantsPageSize } }),
    refetchOnWindowFocus: false,
  });

/** The family's own view (AVG art. 15); the server logs the export in the same transaction. */
export const exportFamilyAccessLog = (familyId: string) =>
  getJson(api(`/access-log/export/${encodeURIComponent(familyId)}`), familyAccessLogExportSchema);

export const reviewEmergencyGrant = (
  grantId: string,
  body: ReviewEmergencyGrantBody,
  idempotencyKey: string,
): Promise<EmergencyGrantView> =>
  sendJson({ path: api(`/emergency-grants/${encodeURIComponent(grantId)}/review`), body, schema: emergencyGrantSchema, idempotencyKey });
