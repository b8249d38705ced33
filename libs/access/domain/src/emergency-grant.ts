/**
 * Break-the-glass: a Veilig Thuis professional opens a case outside their relation to it by stating
 * why. The grant is time-limited, every access under it is logged as emergency access (NEN 7513)
 * and the privacy officer reviews each grant afterwards.
 */
export type EmergencyGrant = {
  grantId: string;
  userId: string;
  /** The organisation the user worked for when granted; the grant does not follow them elsewhere. */
  organisationId: string;
  caseId: string;
  reason: string;
  grantedAt: Date;
  expiresAt: Date;
};

/** A grant opens only its own case, for its own user at the same organisation, within its window. */
export const isGrantActiveFor = (
  grant: EmergencyGrant,
  subject: { userId: string; organisationId: string; caseId: string },
  now: Date,
): boolean =>
  grant.userId === subject.userId &&
  grant.organisationId === subject.organisationId &&
  grant.caseId === subject.caseId &&
  grant.grantedAt.getTime() <= now.getTime() &&
  now.getTime() < grant.expiresAt.getTime();
