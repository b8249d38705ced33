/**
 * Who made a report (melder), as a party the feedback rules can reason about. A text line on a
 * report cannot be told anything; these can.
 */
export type ReferrerKind = 'directory-professional' | 'outside-professional' | 'citizen' | 'informant';

/**
 * How the referrer wants to hear back. `email` also opens the referrer portal through a link in the
 * mail; `portal` shows the feedback only there (a referrer with an account); `phone` means a
 * professional calls, so nothing is sent.
 */
export type FeedbackChannel = 'email' | 'portal' | 'phone';

export type FeedbackConsent = { kind: 'granted'; channel: FeedbackChannel } | { kind: 'declined' };

type ReferrerBase = {
  /** Whether the family may not learn who reported, because that would endanger the referrer. */
  namingEndangers: boolean;
  feedback: FeedbackConsent;
};

export type Referrer =
  | (ReferrerBase & {
      kind: 'directory-professional';
      organisationId: string;
      /** The account of role `referrer`, or the address an invitation goes to. */
      account: { kind: 'account'; userId: string } | { kind: 'invite'; email: string };
    })
  | (ReferrerBase & {
      kind: 'outside-professional';
      name: string;
      organisation: string;
      email?: string;
      phone?: string;
    })
  | (ReferrerBase & { kind: 'citizen'; name?: string; email?: string; phone?: string })
  // An informant only gave information: they get no feedback, whatever was recorded about consent.
  | (ReferrerBase & { kind: 'informant' });

export const referrerKinds: readonly ReferrerKind[] = ['directory-professional', 'outside-professional', 'citizen', 'informant'];

export const isProfessional = (referrer: Pick<Referrer, 'kind'>): boolean =>
  referrer.kind === 'directory-professional' || referrer.kind === 'outside-professional';
