import type { CalendarDate } from '@ketenregie/kernel';

/** Veilig Thuis directs in the compulsory frame, a local team (Team Sociaal) in the voluntary one. */
export type OrganisationKind = 'veilig-thuis' | 'local-team' | 'other';

export type OrganisationRef = { organisationId: string; name: string; kind: OrganisationKind };

/** `personId` is the user id of the professional, so it can be compared with the command's actor. */
export type PersonRef = { personId: string; name: string };

/** Regisseur: the one professional (and their organisation) accountable for the case. */
export type Director = { person: PersonRef; organisation: OrganisationRef };

/**
 * Who a hand-over is offered to: one named professional of an organisation, or the organisation's
 * team as a whole (any of its professionals may then accept and becomes director).
 */
export type HandoverReceiver = { organisation: OrganisationRef; person?: PersonRef };

/** Who owns a safety condition or a plan agreement: always an organisation, a person when known. */
export type Owner = { organisation: OrganisationRef; person?: PersonRef };

export type ContactDetails = { email?: string; phone?: string };

/**
 * How a referrer may hear back (Wmo 2015 art. 4.1.1). `email` also carries a link to the referrer
 * portal; `portal` shows feedback only there; `phone` means a professional calls, nothing is sent.
 */
export type FeedbackChannel = 'email' | 'portal' | 'phone';

export type FeedbackConsent = { kind: 'granted'; channel: FeedbackChannel } | { kind: 'declined' };

/**
 * What intake records about telling the referrer anything, and about naming them to the family.
 * Optional only because reports stored before it was asked lack it: `referrerTermsOf` states what
 * its absence means. Intake always records both.
 */
export type ReferrerTerms = {
  feedbackConsent?: FeedbackConsent;
  /** Naming the referrer to the family would endanger them: the family never learns who reported. */
  namingEndangers?: boolean;
};

/**
 * Melder, as a party that can be told something. `professional` is a professional of an
 * organisation outside the directory (a school, a GP practice), known by name and contact details;
 * `directory-professional` one of an organisation in the directory, by their account of role
 * `referrer` or by the address an invitation goes to. An informant only gave information and gets
 * no feedback. Anonymous referrers are accepted for advice requests only.
 */
export type Referrer =
  | ({ kind: 'professional'; name: string; organisation: string; role: string; contact: ContactDetails } & ReferrerTerms)
  | ({
      kind: 'directory-professional';
      organisationId: string;
      /**
       * The account (role `referrer`) the portal shows the report to; absent when they are invited
       * by e-mail. An id like the director's: it stays when the family is erased, the contact goes.
       */
      personId?: string;
      /** Where feedback is mailed or phoned: an address is required without an account, since accounts carry none. */
      contact: ContactDetails;
      role?: string;
    } & ReferrerTerms)
  | ({ kind: 'citizen'; name: string; relationToFamily?: string; contact: ContactDetails } & ReferrerTerms)
  | { kind: 'informant'; name?: string; relationToFamily?: string; namingEndangers?: boolean }
  | { kind: 'anonymous' };

export type ReferrerKind = Referrer['kind'];

/**
 * The terms of a referrer, with the stated defaults for reports stored before they were recorded:
 * such a report's contact details were taken "for the feedback", so feedback goes to the address
 * given (e-mail first, else a call), and naming is taken to endanger the referrer — the side that
 * cannot hurt them. Informants and anonymous referrers are never told anything.
 */
export const referrerTermsOf = (referrer: Referrer): Required<ReferrerTerms> => {
  switch (referrer.kind) {
    case 'anonymous':
      return { feedbackConsent: { kind: 'declined' }, namingEndangers: true };
    case 'informant':
      return { feedbackConsent: { kind: 'declined' }, namingEndangers: referrer.namingEndangers ?? true };
    default:
      return {
        feedbackConsent: referrer.feedbackConsent ?? defaultConsent(referrer),
        namingEndangers: referrer.namingEndangers ?? true,
      };
  }
};

const defaultConsent = (referrer: Exclude<Referrer, { kind: 'anonymous' | 'informant' }>): FeedbackConsent => {
  if (referrer.contact.email) return { kind: 'granted', channel: 'email' };
  if (referrer.kind === 'directory-professional' && referrer.personId) return { kind: 'granted', channel: 'portal' };
  if (referrer.contact.phone) return { kind: 'granted', channel: 'phone' };
  return { kind: 'declined' };
};

/** Source categories as the national monitor (CBS) reports them. */
export type SourceCategory = 'education-childcare' | 'police' | 'gp-health' | 'youth-health-care' | 'housing' | 'citizen' | 'other';

export type FormOfViolence = 'child-abuse' | 'partner-violence' | 'elder-abuse' | 'complex-divorce' | 'honour-related' | 'sexual-violence';

/** `prefix` is the tussenvoegsel ("van der"), kept apart because Dutch registers sort without it. */
export type PersonName = { givenNames: string; prefix?: string; familyName: string };

export type Address = {
  street?: string;
  houseNumber: string;
  houseNumberAddition?: string;
  /** Dutch postcode, normalised by intake to `1234AB`. */
  postcode: string;
  city?: string;
  municipality: string;
};

export type HouseholdMember = {
  memberId: string;
  role: 'adult' | 'child';
  name: PersonName;
  dateOfBirth: CalendarDate | null;
  /** Only when the member lives elsewhere than the household address (e.g. after a divorce). */
  address?: Address;
  /**
   * Other spellings later reports (or a merged duplicate) named this member under: kept so search
   * finds the person under each, and so nobody has to guess which spelling a referrer used. Only
   * in the case's state; an intake never sends it.
   */
  otherNames?: PersonName[];
};

export type Household = { address: Address; members: HouseholdMember[] };

/** CBS categories: eerste melding, vervolgmelding, hermelding. */
export type ReportClassification = 'first' | 'follow-up' | 'repeat';

export type Phase = 'immediate-safety' | 'stable-safety' | 'recovery';

export type HandoverKind = 'de-escalation' | 'escalation' | 'transfer';

export type ClosureOutcome =
  'no-unsafety-found' | 'safety-established' | 'continued-in-voluntary-care' | 'child-protection-measure' | 'advice-given' | 'other';

export type SafetyConditionStatus = 'open' | 'met' | 'not-met';

export type RappelOutcome = 'safe' | 'concerns' | 'unsafe';

export type PlanPart = 'safety' | 'aid' | 'recovery';

export type PlanAgreement = { agreementId: string; text: string; owner: Owner; dueOn?: CalendarDate };

export type ChainPartnerRole = 'aid-provider' | 'youth-protection' | 'police' | 'education' | 'health' | 'housing' | 'other';

export type CaseStatus =
  | 'advice'
  | 'received'
  | 'acute'
  | 'in_safety_assessment'
  /** The assessment is recorded and no route is chosen yet. */
  | 'assessed'
  | 'handover_offered'
  | 'handed_over'
  | 'monitoring'
  | 'conditions_and_follow_up'
  | 'under_investigation'
  | 'referred_to_child_protection'
  | 'escalated'
  | 'de_escalated'
  | 'closed';
