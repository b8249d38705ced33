import { queryOptions } from '@tanstack/react-query';
import type { PortalReports } from '@ketenregie/contracts';
import { portalReportsSchema } from '@ketenregie/contracts';
import { api, getJson } from '@ketenregie/platform-web';
import { portalKeys } from '../query-keys';

/** `GET /referrer-portal/reports`: a signed-in referrer's own reports, or the one report of a link session. */
export const fetchPortalReports = (signal?: AbortSignal): Promise<PortalReports> =>
  getJson(api('/referrer-portal/reports'), portalReportsSchema, { signal });

export const portalReportsQueryOptions = () =>
  queryOptions<PortalReports>({
    queryKey: portalKeys.reports(),
    queryFn: ({ signal }) => fetchPortalReports(signal),
  });
