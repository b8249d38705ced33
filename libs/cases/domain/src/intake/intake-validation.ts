import { caseErrors } from '../case.errors';
import { optionalEmail, requireDate, requireNotInFuture, requireText, validateDirector } from '../case.guards';
import type { CaseEvent } from '../case.events';
import type { OpenedCase } from '../case.state';
import { normalisePostcode } from '../family-identity/normalise-name';
import { identifyHousehold } from './merge-household';
import type { Receipt } from './receipt';
import type {
  Address,
  ContactDetails,
  Director,
  FormOfViolence,
  Household,
  HouseholdMember,
  Referrer,
  ReferrerTerms,
  SourceCategory,
} from '../case.types';
import { referrerTermsOf } from '../case.types';

/** What a report and an advice request share: who, where from, what about, and which family. */
export type IntakeData = {
  caseId: string;
  familyId: string;
  referrer: Referrer;
  sourceCategory: SourceCategory;
  formsOfViolence: FormOfViolence[];
  concern: string;
  household: Household;
  /** The Veilig Thuis professional who takes the intake; becomes director when the case opens. */
  receivedBy: Director;
  /**
   * A new family opened although the region knows someone in it exactly: the professional judged
   * it another family than the cases named here, and says why (a shared person alone does not
   * make two households one family).
   */
  separateFrom?: SeparateFrom;
  /** RFC 3339 moment the intake was received, when earlier than its registration (see `receiptOf`). */
  receivedAt?: string;
};

export type SeparateFrom = { caseIds: string[]; reason: string };

const validateAddress = (address: Address | undefined, path: string): Address => {
  const postcode = normalisePostcode(address?.postcode ?? '');
  if (!address?.postcode) throw caseErrors.required(`${path}.postcode`);
  if (!postcode) throw caseErrors.invalidPostcode(`${path}.postcode`);
  const result: Address = {
    houseNumber: requireText(address.houseNumber, `${path}.houseNumber`),
    postcode,
    municipality: requireText(address.municipality, `${path}.municipality`),
  };
  if (address.street?.trim()) result.street = address.street.trim();
  if (address.houseNumberAddition?.trim()) result.houseNumberAddition = address.houseNumberAddition.trim();
  if (address.city?.trim()) result.city = address.city.trim();
  return result;
};

const validateMember = (member: HouseholdMember, path: string, now: Date): HouseholdMember => {
  const result: HouseholdMember = {
    memberId: requireText(member.memberId, `${path}.memberId`),
    role: member.role,
    name: {
      givenNames: requireText(member.name?.givenNames, `${path}.name.givenNames`),
      familyName: requireText(member.name?.familyName, `${path}.name.familyName`),
    },
    dateOfBirth: null,
  };
  if (member.role !== 'adult' && member.role !== 'child') throw caseErrors.required(`${path}.role`);
  if (member.name.prefix?.trim()) result.name.prefix = member.name.prefix.trim();
  if (member.dateOfBirth !== null && member.dateOfBirth !== undefined) {
    result.dateOfBirth = requireDate(member.dateOfBirth, `${path}.dateOfBirth`);
    requireNotInFuture(result.dateOfBirth, now, `${path}.dateOfBirth`);
  }
  if (member.address) result.address = validateAddress(member.address, `${path}.address`);
  return result;
};

export const validateHousehold = (household: Household | undefined, now: Date): Household => {
  if (!household) throw caseErrors.required('household');
  const address = validateAddress(household.address, 'household.address');
  if (!household.members?.length) throw caseErrors.required('household.members');
  const members = household.members.map((member, index) => validateMember(member, `household.members.${index}`, now));
  const seen = new Set<string>();
  members.forEach((member, index) => {
    if (seen.has(member.memberId)) throw caseErrors.duplicateId(`household.members.${index}.memberId`);
    seen.add(member.memberId);
  });
  return { address, members };
};

const validateContact = (contact: ContactDetails | undefined): ContactDetails => {
  const email = optionalEmail(contact?.email, 'referrer.contact.email');
  return {
    ...(email ? { email } : {}),
    ...(contact?.phone?.trim() ? { phone: contact.phone.trim() } : {}),
  };
};

const trimmedOrAbsent = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

/**
 * Consent as recorded, or the stated default (`referrerTermsOf`) when an older client did not ask.
 * A channel the referrer cannot be reached on is refused: the feedback would silently go nowhere.
 */
const validateTerms = (
  referrer: Referrer & ReferrerTerms,
  reach: { email: boolean; phone: boolean; portal: boolean },
): Required<ReferrerTerms> => {
  const terms = referrerTermsOf(referrer);
  const consent = terms.feedbackConsent;
  if (consent.kind === 'granted' && !reach[consent.channel]) throw caseErrors.feedbackChannelUnreachable(consent.channel);
  return { feedbackConsent: consent, namingEndangers: terms.namingEndangers };
};

const validateReferrer = (referrer: Referrer | undefined): Referrer => {
  if (!referrer) throw caseErrors.required('referrer');
  switch (referrer.kind) {
    case 'professional': {
      const contact = validateContact(referrer.contact);
      if (!contact.email && !contact.phone) throw caseErrors.contactRequired('referrer.contact');
      const result = {
        kind: 'professional' as const,
        name: requireText(referrer.name, 'referrer.name'),
        organisation: requireText(referrer.organisation, 'referrer.organisation'),
        role: requireText(referrer.role, 'referrer.role'),
        contact,
      };
      return { ...result, ...validateTerms({ ...referrer, ...result }, { email: !!contact.email, phone: !!contact.phone, portal: false }) };
    }
    case 'directory-professional': {
      const personId = trimmedOrAbsent(referrer.personId);
      const contact = validateContact(referrer.contact);
      const role = trimmedOrAbsent(referrer.role);
      // Accounts carry no address: without one, the invitation's address is the only way to reach them.
      if (!personId && !contact.email) throw caseErrors.directoryReferrerUnreachable();
      const result = {
        kind: 'directory-professional' as const,
        organisationId: requireText(referrer.organisationId, 'referrer.organisationId'),
        ...(personId ? { personId } : {}),
        contact,
        ...(role ? { role } : {}),
      };
      return {
        ...result,
        ...validateTerms({ ...referrer, ...result }, { email: !!contact.email, phone: !!contact.phone, portal: true }),
      };
    }
    case 'citizen': {
      const contact = validateContact(referrer.contact);
      const result: Extract<Referrer, { kind: 'citizen' }> = {
        kind: 'citizen',
        name: requireText(referrer.name, 'referrer.name'),
        contact,
      };
      if (referrer.relationToFamily?.trim()) result.relationToFamily = referrer.relationToFamily.trim();
      return { ...result, ...validateTerms({ ...referrer, ...result }, { email: !!contact.email, phone: !!contact.phone, portal: false }) };
    }
    case 'informant': {
      const name = trimmedOrAbsent(referrer.name);
      const relationToFamily = trimmedOrAbsent(referrer.relationToFamily);
      return {
        kind: 'informant',
        ...(name ? { name } : {}),
        ...(relationToFamily ? { relationToFamily } : {}),
        namingEndangers: referrer.namingEndangers ?? true,
      };
    }
    case 'anonymous':
      return { kind: 'anonymous' };
    default: {
      // Payloads come from outside the type system; an unknown kind is a validation error.
      const _exhaustive: never = referrer;
      void _exhaustive;
      throw caseErrors.required('referrer.kind');
    }
  }
};

export const validateIntake = (data: IntakeData, now: Date): IntakeData => {
  const referrer = validateReferrer(data.referrer);
  if (!data.sourceCategory) throw caseErrors.required('sourceCategory');
  if (!data.formsOfViolence?.length) throw caseErrors.required('formsOfViolence');
  return {
    caseId: requireText(data.caseId, 'caseId'),
    familyId: requireText(data.familyId, 'familyId'),
    referrer,
    sourceCategory: data.sourceCategory,
    formsOfViolence: [...new Set(data.formsOfViolence)],
    concern: requireText(data.concern, 'concern'),
    household: validateHousehold(data.household, now),
    receivedBy: validateDirector(data.receivedBy, 'receivedBy'),
    ...(data.separateFrom ? { separateFrom: validateSeparateFrom(data.separateFrom, data.caseId) } : {}),
  };
};

const validateSeparateFrom = (separateFrom: SeparateFrom, caseId: string): SeparateFrom => {
  const caseIds = [...new Set((separateFrom.caseIds ?? []).map((id) => id.trim()).filter((id) => id !== ''))];
  if (caseIds.length === 0) throw caseErrors.required('separateFrom.caseIds');
  if (caseIds.includes(caseId)) throw caseErrors.duplicateId('separateFrom.caseIds');
  return { caseIds, reason: requireText(separateFrom.reason, 'separateFrom.reason') };
};

/**
 * The events that open a case: the family's first intake, whose receiver becomes director, and
 * the judgement that it is another family than the known ones it was kept apart from.
 */
export const openingEvents = (intake: IntakeData, openedWith: 'report' | 'advice-request', receipt: Receipt): CaseEvent[] => [
  // The case exists from the moment the intake was received; the judgement is made when it is typed in.
  caseOpened(intake, openedWith, receipt.receivedAt),
  ...(intake.separateFrom
    ? [
        {
          type: 'cases.family-kept-separate' as const,
          schemaVersion: 1 as const,
          data: {
            separateFromCaseIds: intake.separateFrom.caseIds,
            reason: intake.separateFrom.reason,
            keptSeparateAt: receipt.registeredAt,
          },
        },
      ]
    : []),
];

/** The household a later intake on an opened case records: each recognised member under their known id. */
export const laterIntakeHousehold = (state: OpenedCase, intake: IntakeData): Household => {
  if (intake.separateFrom) throw caseErrors.separationForKnownCase();
  return identifyHousehold(state.household, intake.household);
};

/** The event that opens a case: the family's first intake, whose receiver becomes director. */
export const caseOpened = (intake: IntakeData, openedWith: 'report' | 'advice-request', at: string): CaseEvent => ({
  type: 'cases.case-opened',
  schemaVersion: 1,
  data: {
    caseId: intake.caseId,
    familyId: intake.familyId,
    household: intake.household,
    director: intake.receivedBy,
    openedWith,
    openedAt: at,
  },
});
