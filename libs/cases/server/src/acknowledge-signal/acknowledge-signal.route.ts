import { acknowledgeSignalBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** The director's team has seen a signal; who did is the signed-in user as their account names them. */
export const acknowledgeSignalRoute = caseCommandRoute({
  path: '/cases/:caseId/signals/:signalId/acknowledgement',
  commandType: 'cases.acknowledge-signal',
  operationId: 'acknowledgeSignal',
  summary: 'Signaal als gezien markeren',
  body: acknowledgeSignalBodySchema,
  bodyName: 'AcknowledgeSignalBody',
  toCommand: ({ body, params: { caseId, signalId } }, { metadata, principal }) =>
    onCase(caseId, {
      type: 'cases.acknowledge-signal',
      data: { caseId, signalId, note: body.note ?? '', by: { personId: principal.userId, name: principal.displayName } },
      metadata,
    }),
});
