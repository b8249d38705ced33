import { handoverTargetsFor } from '@ketenregie/access-domain';
import type { RouteContext } from '../case-command/case-command.route';
import { problem } from '@ketenregie/platform-http';

/**
 * A hand-over (or escalation) goes to an organisation its offerer may hand over to
 * (`handoverTargetsFor`), the same list `GET /api/v1/organisations/{id}/people` opens. Someone who may
 * not steer at all gets their 403/404 from need-to-know instead, so this says nothing about any case.
 */
export const requireHandoverTarget = (context: RouteContext, organisationId: string): void => {
  const targets = handoverTargetsFor(context.principal, context.directory);
  if (targets === undefined || targets.has(organisationId)) return;
  throw problem(422, 'Aan deze organisatie kunt u geen casus overdragen.', {
    type: 'urn:ketenregie:problem:case.handover-target-not-allowed',
    errors: [
      {
        path: 'to.organisation.organisationId',
        message: 'Kies uw eigen organisatie, de Veilig Thuis van uw regio of een lokaal team in die regio.',
        code: 'handover-target-not-allowed',
      },
    ],
  });
};
