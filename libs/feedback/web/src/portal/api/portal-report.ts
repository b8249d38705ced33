import { queryOptions } from '@tanstack/react-query';
import type { PortalReport } from '@ketenregie/contracts';
import { portalReportSchema } from '@ketenregie/contracts';
import { api, getJson } from '@ketenregie/platform-web';
import { portalKeys } from '../query-keys';

/** `GET /referrer-portal/reports/{reportId}`: one report with all its messages and the signals sent. */
export const fetchPortalReport = (reportId: string, signal?: AbortSignal): Promise<PortalReport> =>
  getJson(api(`/referrer-portal/reports/${encodeURIComponent(reportId)}`), portalReportSchema, { signal });

export const portalReportQueryOptions = (reportId: string) =>
  queryOptions<PortalReport>({
    queryKey: portalKeys.report(reportId),
    queryFn: ({ signal }) => fetchPortalReport(reportId, signal),
  });
