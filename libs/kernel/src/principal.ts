/**
 * Who is signed in, as every context sees it. Roles say what kind of work someone does; what they
 * may see of a particular family is decided per case from their relation to it (see the policy).
 */
export const roles = [
  'veilig-thuis-professional',
  'team-sociaal-consultant',
  'chain-partner',
  'referrer',
  'policy-analyst',
  'privacy-officer',
  'administrator',
] as const;

export type Role = (typeof roles)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (roles as readonly string[]).includes(value);

export type Principal = {
  /** Stable account id; this is the `userId` recorded in events and in the access log. */
  userId: string;
  displayName: string;
  /** The organisation the user works for (a Veilig Thuis region, a local team, a partner...). */
  organisationId: string;
  roles: readonly Role[];
  /** How the user signed in: a local account or an OpenID Connect provider (its issuer). */
  authenticatedBy: 'local' | { issuer: string };
};

export const hasRole = (principal: Pick<Principal, 'roles'>, role: Role): boolean => principal.roles.includes(role);
