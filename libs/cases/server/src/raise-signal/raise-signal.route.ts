import { raiseSignalBodySchema } from '@ketenregie/contracts';
import type { SignalSourceInput } from '@ketenregie/cases-domain';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/**
 * A referrer (about their report) or a chain partner with a task tells the director something. The
 * organisation is always the signed-in user's own; a named report is checked against the referrer's
 * own reports by the access policy, so the body alone never decides who raised it.
 */
export const raiseSignalRoute = caseCommandRoute({
  path: '/cases/:caseId/signals',
  commandType: 'cases.raise-signal',
  operationId: 'raiseSignal',
  summary: 'Signaal aan de regisseur geven',
  body: raiseSignalBodySchema,
  bodyName: 'RaiseSignalBody',
  toCommand: ({ body, params: { caseId } }, { metadata, principal, idFor }) => {
    const signalId = body.signalId ?? idFor('signal');
    const source: SignalSourceInput =
      body.reportId !== undefined
        ? { kind: 'referrer', reportId: body.reportId }
        : { kind: 'chain-partner', organisationId: principal.organisationId };
    return onCase(
      caseId,
      { type: 'cases.raise-signal', data: { caseId, signalId, source, kind: body.kind, reason: body.reason }, metadata },
      { signalId },
    );
  },
});
