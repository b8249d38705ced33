import type { QueryClient } from '@tanstack/react-query';
import { mutationOptions } from '@tanstack/react-query';
import type { PortalReport, PortalSignalBody, PortalSignalRaised } from '@ketenregie/contracts';
import { portalSignalRaisedSchema } from '@ketenregie/contracts';
import { api, sendJson } from '@ketenregie/platform-web';
import { portalKeys } from '../query-keys';

/** `POST /referrer-portal/reports/{reportId}/signals`: the referrer tells the case's director the aid stalls, or new concerns. */
export const sendPortalSignal = (input: {
  reportId: string;
  body: PortalSignalBody;
  idempotencyKey: string;
}): Promise<PortalSignalRaised> =>
  sendJson({
    path: api(`/referrer-portal/reports/${encodeURIComponent(input.reportId)}/signals`),
    body: input.body,
    schema: portalSignalRaisedSchema,
    idempotencyKey: input.idempotencyKey,
  });

const shownTries = 10;
const shownPauseMs = 300;

/**
 * The portal's reports follow the case's events a moment after the command: until the new signal
 * is there, the report is read again a few times, so the referrer sees what they just sent.
 */
const untilSignalShown = async (queryClient: QueryClient, reportId: string, signalId: string): Promise<void> => {
  for (let attempt = 0; attempt < shownTries; attempt++) {
    await queryClient.invalidateQueries({ queryKey: portalKeys.report(reportId) });
    const report = queryClient.getQueryData<PortalReport>(portalKeys.report(reportId));
    if (!report || report.signals.some((signal) => signal.signalId === signalId)) return;
    await new Promise((resolve) => setTimeout(resolve, shownPauseMs));
  }
};

/** Sends a signal and refreshes the report (its signals) and the list (its latest state). */
export const portalSignalMutationOptions = (queryClient: QueryClient, reportId: string) =>
  mutationOptions<PortalSignalRaised, unknown, { body: PortalSignalBody; idempotencyKey: string }>({
    mutationFn: ({ body, idempotencyKey }) => sendPortalSignal({ reportId, body, idempotencyKey }),
    onSuccess: async (answer) => {
      await Promise.all([
        untilSignalShown(queryClient, reportId, answer.signalId),
        queryClient.invalidateQueries({ queryKey: portalKeys.reports() }),
      ]);
    },
  });
