/**
 * The port through which any context asks whether a user holds a break-the-glass grant for a case.
 * The access context implements it (`EmergencyGrantStore`); other contexts inject it by the token
 * and never see the grants table. The grant's shape matches the access policy's `EmergencyGrant`,
 * so an answer goes into `decideCaseAccess` as it is.
 */
export type ActiveEmergencyGrant = {
  grantId: string;
  userId: string;
  organisationId: string;
  caseId: string;
  reason: string;
  grantedAt: Date;
  expiresAt: Date;
};

export type EmergencyGrants = {
  /** The user's grant for this case that runs at `now`, the latest-expiring if several do. */
  activeGrant(userId: string, caseId: string, now: Date): Promise<ActiveEmergencyGrant | undefined>;
  /** Every grant of the user running at `now`: the case ids a list may add to the user's relations. */
  activeGrantsOf(userId: string, now: Date): Promise<ActiveEmergencyGrant[]>;
};

/** Plain string token, like the event store's, so a context injects it without importing the access server. */
export const EMERGENCY_GRANTS = 'ketenregie:emergency-grants';
