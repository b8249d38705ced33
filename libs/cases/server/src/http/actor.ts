import type { Actor } from '@ketenregie/kernel';
import { principalFromRequest } from '@ketenregie/access-contracts';

/**
 * An HTTP request (Express and Node requests both fit). The signed-in principal travels on it, put
 * there by the access context's session middleware; identity never comes from headers a client sets.
 */
export type RequestWithHeaders = {
  headers: Record<string, string | string[] | undefined>;
};

/** The signed-in user as the actor of a command or query; 401 problem when nobody is signed in. */
export const actorFromRequest = (request: RequestWithHeaders): Actor => {
  const { userId, organisationId } = principalFromRequest(request);
  return { userId, organisationId };
};

/** The signed-in user's display name: used where the domain records a person's name. */
export const actorNameFromRequest = (request: RequestWithHeaders): string | undefined => principalFromRequest(request).displayName;
