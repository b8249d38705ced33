import type {
  FamilySearchQuery,
  FamilySearchResult,
  RegisterAdviceRequestBody,
  RegisterReportBody,
  SignedInUser,
} from '@ketenregie/contracts';

export type IntakeKind = 'report' | 'advice';
export type ReferrerKind = 'professional' | 'citizen' | 'informant' | 'anonymous';

/** `''`: as the contact details allow (e-mail first, else a call), the API's stated default. */
export type FeedbackChoice = '' | 'email' | 'phone' | 'declined';

export type MemberValues = {
  role: '' | 'adult' | 'child';
  name: { givenNames: string; prefix: string; familyName: string };
  dateOfBirth: string;
};

export type AddressValues = {
  postcode: string;
  houseNumber: string;
  houseNumberAddition: string;
  street: string;
  city: string;
  municipality: string;
};

/**
 * The form as typed: every field a string, in the body's shape, so a field error of the client's
 * validation and of the API's problem+json lands on the same path (`household.members.0.role`).
 */
export type IntakeFormValues = {
  kind: IntakeKind;
  /** `YYYY-MM-DDTHH:mm`, Amsterdam time, as a `datetime-local` input holds it. */
  receivedAt: string;
  sourceCategory: string;
  formsOfViolence: string[];
  referrer: {
    kind: ReferrerKind;
    name: string;
    organisation: string;
    role: string;
    relationToFamily: string;
    contact: { email: string; phone: string };
    feedback: FeedbackChoice;
    namingEndangers: boolean;
  };
  concern: string;
  household: { address: AddressValues; members: MemberValues[] };
  separateFrom: { reason: string };
};

/** How the intake joins a family: a known case, a new family, or a new family kept apart from known cases. */
export type FamilyLink = { kind: 'case'; caseId: string } | { kind: 'new' } | { kind: 'separate'; caseIds: string[] };

export type ReceivedBy = RegisterReportBody['receivedBy'];

export const emptyMember = (role: MemberValues['role'] = ''): MemberValues => ({
  role,
  name: { givenNames: '', prefix: '', familyName: '' },
  dateOfBirth: '',
});

export const defaultIntakeValues = (now: Date): IntakeFormValues => ({
  kind: 'report',
  receivedAt: toAmsterdamLocal(now),
  sourceCategory: '',
  formsOfViolence: [],
  referrer: {
    kind: 'professional',
    name: '',
    organisation: '',
    role: '',
    relationToFamily: '',
    contact: { email: '', phone: '' },
    feedback: '',
    namingEndangers: false,
  },
  concern: '',
  household: {
    address: { postcode: '', houseNumber: '', houseNumberAddition: '', street: '', city: '', municipality: '' },
    members: [emptyMember()],
  },
  separateFrom: { reason: '' },
});

// ---------------------------------------------------------------- Amsterdam time

const amsterdamParts = (date: Date): Record<string, string> =>
  Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Amsterdam',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );

/** `YYYY-MM-DDTHH:mm` of an instant on the Amsterdam clock, whatever zone the browser is in. */
export const toAmsterdamLocal = (date: Date): string => {
  const p = amsterdamParts(date);
  return `${p['year']}-${p['month']}-${p['day']}T${p['hour']}:${p['minute']}`;
};

const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

const offsetMinutesAt = (instant: number): number => {
  const p = amsterdamParts(new Date(instant));
  const asUtc = Date.UTC(Number(p['year']), Number(p['month']) - 1, Number(p['day']), Number(p['hour']), Number(p['minute']));
  return Math.round((asUtc - Math.floor(instant / 60_000) * 60_000) / 60_000);
};

/**
 * An Amsterdam wall-clock time as RFC 3339 with its offset (`2026-03-06T14:30:00+01:00`), the
 * form the API requires; undefined when the text is no such time.
 */
export const amsterdamLocalToRfc3339 = (local: string): string | undefined => {
  const match = localPattern.exec(local);
  if (!match) return undefined;
  const [, year, month, day, hour, minute] = match.map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(wall) || new Date(wall).getUTCDate() !== day) return undefined;
  // The offset at the wall time, taken twice so the hour around a clock change settles.
  let offset = offsetMinutesAt(wall);
  offset = offsetMinutesAt(wall - offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${local}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
};

/** The domain's window for a receipt moment: not ahead of now (2 minutes' clock skew aside), at most 30 days back. */
export const receiptMaxAgeDays = 30;
const clockSkewMs = 2 * 60_000;

export type ReceivedAtProblem = 'required' | 'in-future' | 'too-old';

export const receivedAtProblem = (local: string, now: Date): ReceivedAtProblem | undefined => {
  const rfc = amsterdamLocalToRfc3339(local);
  if (!rfc) return 'required';
  const instant = Date.parse(rfc);
  if (instant > now.getTime() + clockSkewMs) return 'in-future';
  if (instant < now.getTime() - receiptMaxAgeDays * 86_400_000) return 'too-old';
  return undefined;
};

// ---------------------------------------------------------------- the body

const optional = (value: string): string | undefined => {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

const compact = <T extends Record<string, unknown>>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;

const referrerBody = (referrer: IntakeFormValues['referrer']): RegisterReportBody['referrer'] => {
  const contact = compact({ email: optional(referrer.contact.email), phone: optional(referrer.contact.phone) });
  const feedbackConsent =
    referrer.feedback === ''
      ? undefined
      : referrer.feedback === 'declined'
        ? { kind: 'declined' as const }
        : { kind: 'granted' as const, channel: referrer.feedback };
  const terms = compact({ feedbackConsent, namingEndangers: referrer.namingEndangers });
  switch (referrer.kind) {
    case 'professional':
      return { kind: 'professional', name: referrer.name, organisation: referrer.organisation, role: referrer.role, contact, ...terms };
    case 'citizen':
      return compact({
        kind: 'citizen' as const,
        name: referrer.name,
        relationToFamily: optional(referrer.relationToFamily),
        contact,
        ...terms,
      });
    case 'informant':
      return compact({
        kind: 'informant' as const,
        name: optional(referrer.name),
        relationToFamily: optional(referrer.relationToFamily),
        namingEndangers: referrer.namingEndangers,
      });
    case 'anonymous':
      return { kind: 'anonymous' };
  }
};

const addressBody = (address: AddressValues) =>
  compact({
    postcode: address.postcode.trim(),
    houseNumber: address.houseNumber.trim(),
    houseNumberAddition: optional(address.houseNumberAddition),
    street: optional(address.street),
    city: optional(address.city),
    municipality: address.municipality.trim(),
  });

/**
 * The command body of what was typed. Empty optional fields are left out and an unknown date of
 * birth is `null`; a field left empty that the schema needs stays empty, so the schema names it.
 */
export const intakeBody = (
  values: IntakeFormValues,
  link: FamilyLink,
  receivedBy: ReceivedBy,
): RegisterReportBody | RegisterAdviceRequestBody => {
  const receivedAt = amsterdamLocalToRfc3339(values.receivedAt);
  return {
    ...(link.kind === 'case' ? { caseId: link.caseId } : { newFamily: true as const }),
    ...(link.kind === 'separate' ? { separateFrom: { caseIds: link.caseIds, reason: values.separateFrom.reason } } : {}),
    referrer: referrerBody(values.referrer),
    sourceCategory: values.sourceCategory as RegisterReportBody['sourceCategory'],
    formsOfViolence: values.formsOfViolence as RegisterReportBody['formsOfViolence'],
    concern: values.concern,
    household: {
      address: addressBody(values.household.address),
      members: values.household.members.map((member) => ({
        role: member.role as 'adult' | 'child',
        name: compact({
          givenNames: member.name.givenNames.trim(),
          prefix: optional(member.name.prefix),
          familyName: member.name.familyName.trim(),
        }),
        dateOfBirth: optional(member.dateOfBirth) ?? null,
      })),
    },
    receivedBy,
    ...(receivedAt ? { receivedAt } : {}),
  };
};

/** The signed-in professional and their organisation, the only `receivedBy` the API accepts. */
export const receivedByOf = (user: SignedInUser, organisation: { organisationId: string; name: string; kind: string }): ReceivedBy => ({
  person: { personId: user.userId },
  organisation: {
    organisationId: organisation.organisationId,
    name: organisation.name,
    kind: organisation.kind === 'veilig-thuis' || organisation.kind === 'local-team' ? organisation.kind : 'other',
  },
});

// ---------------------------------------------------------------- known-family search

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const postcodePattern = /^[1-9][0-9]{3}\s?[A-Za-z]{2}$/;

/**
 * The searches worth asking while the form is typed: each member with both names and a date of
 * birth, and the address once postcode and house number are there. A half-typed field asks nothing.
 */
export const familySearches = (values: Pick<IntakeFormValues, 'household' | 'receivedAt'>): FamilySearchQuery[] => {
  const receivedAt = amsterdamLocalToRfc3339(values.receivedAt);
  const common = { limit: 5, ...(receivedAt ? { receivedAt } : {}) };
  const searches: FamilySearchQuery[] = [];
  for (const member of values.household.members) {
    const givenNames = member.name.givenNames.trim();
    const familyName = member.name.familyName.trim();
    if (!givenNames || !familyName || !datePattern.test(member.dateOfBirth)) continue;
    const prefix = optional(member.name.prefix);
    searches.push({ givenNames, familyName, ...(prefix ? { prefix } : {}), dateOfBirth: member.dateOfBirth, ...common });
  }
  const { postcode, houseNumber, houseNumberAddition } = values.household.address;
  if (postcodePattern.test(postcode.trim()) && houseNumber.trim()) {
    const addition = optional(houseNumberAddition);
    searches.push({
      postcode: postcode.trim(),
      houseNumber: houseNumber.trim(),
      ...(addition ? { houseNumberAddition: addition } : {}),
      ...common,
    });
  }
  return searches;
};

export type Candidate = FamilySearchResult['candidates'][number];

/** One candidate per case over all searches: the reasons of each, the best score, exact if any search said so. */
export const mergeCandidates = (results: readonly FamilySearchResult[]): Candidate[] => {
  const byCase = new Map<string, Candidate>();
  for (const result of results) {
    for (const candidate of result.candidates) {
      const known = byCase.get(candidate.caseId);
      if (!known) {
        byCase.set(candidate.caseId, { ...candidate, reasons: [...candidate.reasons] });
        continue;
      }
      byCase.set(candidate.caseId, {
        ...known,
        score: Math.max(known.score, candidate.score),
        exact: known.exact || candidate.exact,
        reasons: [...new Set([...known.reasons, ...candidate.reasons])],
        matchedMembers: [...known.matchedMembers, ...candidate.matchedMembers],
      });
    }
  }
  return [...byCase.values()].sort((a, b) => Number(b.exact) - Number(a.exact) || b.score - a.score);
};

export type Classification = Candidate['classification'];

/**
 * What the report will be registered as: a new family's report is a first report; a report linked
 * to a case is what the server's classification of that case says (the search answers it).
 */
export const expectedClassification = (link: FamilyLink, candidates: readonly Candidate[]): Classification | undefined => {
  if (link.kind !== 'case') return 'first';
  return candidates.find((candidate) => candidate.caseId === link.caseId)?.classification;
};
