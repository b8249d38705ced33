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

/** Melder. Anonymous referrers are accepted for advice requests only. */
export type Referrer =
  | { kind: 'professional'; name: string; organisation: string; role: string; contact: ContactDetails }
  | { kind: 'citizen'; name: string; relationToFamily?: string; contact: ContactDetails }
  | { kind: 'anonymous' };

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
