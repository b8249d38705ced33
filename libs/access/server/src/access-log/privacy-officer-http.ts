import { randomUUID } from 'node:crypto';
import { roleFor } from '@ketenregie/access-domain';
import type { Capability, OrganisationDirectory, Principal } from '@ketenregie/access-domain';
import { problem } from '@ketenregie/platform-http';
import { principalFromRequest } from '@ketenregie/access-contracts';
import type { AccessActor } from './access-log-entry';

const refusals: Partial<Record<Capability, string>> = {
  'review-access-log': 'Alleen een privacyfunctionaris kan het toegangslog inzien.',
  'review-emergency-grants': 'Alleen een privacyfunctionaris kan noodtoegang beoordelen.',
};

export type Officer = { principal: Principal; actor: Required<AccessActor> };

/**
 * The signed-in user (401 otherwise) if the access policy gives them this capability (403
 * otherwise). The same 403 whatever the request names, so a refusal never tells whether a family
 * or grant exists.
 */
export const requireCapability = (request: object, capability: Capability, directory: OrganisationDirectory): Officer => {
  const principal = principalFromRequest(request);
  const role = roleFor(principal, capability, directory);
  if (role === undefined) {
    throw problem(403, refusals[capability] ?? 'U heeft geen toegang tot dit onderdeel.', {
      type: 'urn:ketenregie:problem:access.capability-required',
    });
  }
  return { principal, actor: { userId: principal.userId, organisationId: principal.organisationId, role } };
};

/** The response methods a controller needs here; Express's response fits. */
export type ResponseHeaders = { getHeader(name: string): unknown };

/** The request id the app's middleware put on the response, so log line and request log match. */
export const requestIdOf = (response: ResponseHeaders): string => {
  const header = response.getHeader('X-Request-Id');
  return typeof header === 'string' && header !== '' ? header : randomUUID();
};
