import { z } from 'zod';
import { optionalId, optionalText, storableString, text, unstorableTextCheck } from '../text';

// Request bodies of the case commands (POST /api/v1/cases/...). Objects are strict: a field the server
// does not know is an error, never silently dropped, because a misspelt optional field would
// otherwise vanish from a family's record without anyone noticing. These schemas check shape only;
// the domain checks meaning (postcode, dates in the past/future, who may act) and answers 422/403.

const required = 'Dit veld is verplicht.';

// Every string field is built on the shared rule in `../text` (text PostgreSQL can store): fields
// added with `text`, `optionalText`, `optionalId` or `storableString` have it by construction.

export const calendarDateInputSchema = storableString({ error: required })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Gebruik een datum in de vorm JJJJ-MM-DD.' })
  .meta({ format: 'date' });

export const organisationKindInputSchema = z.enum(['veilig-thuis', 'local-team', 'other'], {
  error: 'Kies veilig-thuis, local-team of other.',
});

export const organisationRefInputSchema = z.strictObject({
  organisationId: text(200),
  name: text(200),
  kind: organisationKindInputSchema,
});

/**
 * A professional by their account id. The display name is taken from the account directory, never
 * from the body: `name` is still accepted so older clients keep working, and ignored. For a person
 * of an organisation the directory does not know (a school, a GP practice owning a condition) the
 * name is required, since no directory can supply it.
 */
export const personRefInputSchema = z.strictObject({
  personId: text(200),
  name: optionalText(200),
});

export const directorInputSchema = z.strictObject({
  person: personRefInputSchema,
  organisation: organisationRefInputSchema,
});

/** A hand-over's receiver: an organisation, and optionally one professional of it (who must exist there). */
export const handoverReceiverInputSchema = z.strictObject({
  person: personRefInputSchema.optional(),
  organisation: organisationRefInputSchema,
});

/**
 * When an intake was received, as an RFC 3339 date-time with offset: a phone report typed in later
 * keeps the moment it was received, and its deadlines run from it. The domain refuses a moment in
 * the future or more than 30 days back (422); a malformed value is a 400 here.
 */
export const receivedAtInputSchema = z
  .iso.datetime({
    offset: true,
    error: 'Gebruik een tijdstip met tijdzone, bijvoorbeeld 2026-03-06T14:30:00+01:00.',
  })
  .check(unstorableTextCheck);

export const ownerInputSchema = z.strictObject({
  organisation: organisationRefInputSchema,
  person: personRefInputSchema.optional(),
});

export const contactDetailsInputSchema = z.strictObject({
  email: optionalText(320),
  phone: optionalText(50),
});

export const referrerInputSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('professional'),
      name: text(200),
      organisation: text(200),
      role: text(200),
      contact: contactDetailsInputSchema,
    }),
    z.strictObject({
      kind: z.literal('citizen'),
      name: text(200),
      relationToFamily: optionalText(200),
      contact: contactDetailsInputSchema.default({}),
    }),
    z.strictObject({ kind: z.literal('anonymous') }),
  ],
  { error: 'Kies professional, citizen of anonymous.' },
);

export const sourceCategoryInputSchema = z.enum(
  ['education-childcare', 'police', 'gp-health', 'youth-health-care', 'housing', 'citizen', 'other'],
  { error: 'Kies een bron uit de lijst.' },
);

export const formOfViolenceInputSchema = z.enum(
  ['child-abuse', 'partner-violence', 'elder-abuse', 'complex-divorce', 'honour-related', 'sexual-violence'],
  { error: 'Kies een vorm van geweld uit de lijst.' },
);

export const addressInputSchema = z.strictObject({
  street: optionalText(200),
  houseNumber: text(20),
  houseNumberAddition: optionalText(20),
  postcode: text(20),
  city: optionalText(200),
  municipality: text(200),
});

export const householdMemberInputSchema = z.strictObject({
  memberId: optionalId,
  role: z.enum(['adult', 'child'], { error: 'Kies adult of child.' }),
  name: z.strictObject({
    givenNames: text(200),
    prefix: optionalText(50),
    familyName: text(200),
  }),
  /** Unknown dates of birth are common at intake (a neighbour reports "the children next door"). */
  dateOfBirth: calendarDateInputSchema.nullable().default(null),
  address: addressInputSchema.optional(),
});

export const householdInputSchema = z.strictObject({
  address: addressInputSchema,
  members: z.array(householdMemberInputSchema).min(1, { error: 'Voeg minstens één gezinslid toe.' }).max(50),
});

export const separateFromInputSchema = z.strictObject({
  caseIds: z.array(storableString().min(1, { error: required }).max(100, { error: 'Maximaal 100 tekens.' })).min(1, { error: required }).max(20),
  reason: text(),
});

const intakeFields = {
  /** Family-link decision after the search: the matched family's case... */
  caseId: storableString().min(1).max(100).optional(),
  /** ...or, deliberately, a new family. Exactly one of the two. */
  newFamily: z.literal(true, { error: 'Alleen true is toegestaan.' }).optional(),
  referrer: referrerInputSchema,
  sourceCategory: sourceCategoryInputSchema,
  formsOfViolence: z.array(formOfViolenceInputSchema).min(1, { error: 'Kies minstens één vorm van geweld.' }),
  concern: text(10_000),
  household: householdInputSchema,
  /** The professional who takes the intake; must be the signed-in user. Becomes director of a new case. */
  receivedBy: directorInputSchema,
  /**
   * With `newFamily`: open a new case although the exact check knows someone in the household,
   * because a Veilig Thuis professional judged it another family than these cases (from the
   * 409's `matchedCaseIds`), and says why.
   */
  separateFrom: separateFromInputSchema.optional(),
  /** Default: the moment the server registers the intake. */
  receivedAt: receivedAtInputSchema.optional(),
};

type FamilyLink = { caseId?: string; newFamily?: true; separateFrom?: unknown };

// Search-before-create: the client must say which it chose, so a new case is never the silent default.
const requireFamilyLink = (body: FamilyLink, context: z.core.$RefinementCtx): void => {
  if ((body.caseId === undefined) === (body.newFamily === undefined)) {
    context.addIssue({
      code: 'custom',
      path: ['caseId'],
      message: 'Kies een bestaand gezin (caseId) of een nieuw gezin (newFamily: true), niet beide.',
    });
  }
  if (body.separateFrom !== undefined && body.newFamily === undefined) {
    context.addIssue({ code: 'custom', path: ['separateFrom'], message: 'Apart houden kan alleen bij een nieuw gezin (newFamily: true).' });
  }
};

export const registerReportBodySchema = z
  .strictObject({ ...intakeFields, reportId: optionalId })
  .superRefine(requireFamilyLink);

export const registerAdviceRequestBodySchema = z
  .strictObject({ ...intakeFields, adviceRequestId: optionalId })
  .superRefine(requireFamilyLink);

/** The director's correction of two members who are one person; removing a member takes a `reasonBodySchema`. */
export const mergeMembersBodySchema = z.strictObject({
  survivingMemberId: text(100),
  mergedMemberId: text(100),
  reason: text(),
});

export const phaseInputSchema = z.enum(['immediate-safety', 'stable-safety', 'recovery'], {
  error: 'Kies immediate-safety, stable-safety of recovery.',
});

/** For commands whose only input is the path (accept, start): an empty JSON object or no body. */
export const emptyBodySchema = z.strictObject({});

export const reasonBodySchema = z.strictObject({ reason: text() });

export const offerHandoverBodySchema = z.strictObject({
  handoverId: optionalId,
  to: handoverReceiverInputSchema,
  reason: text(),
  phase: phaseInputSchema,
});

export const escalateCaseBodySchema = offerHandoverBodySchema;

export const changePhaseBodySchema = z.strictObject({ phase: phaseInputSchema, reason: text() });

export const chainPartnerRoleInputSchema = z.enum(
  ['aid-provider', 'youth-protection', 'police', 'education', 'health', 'housing', 'other'],
  { error: 'Kies een rol uit de lijst.' },
);

export const registerChainPartnerBodySchema = z.strictObject({
  partnerId: optionalId,
  organisation: organisationRefInputSchema,
  contact: z
    .strictObject({
      personId: text(200),
      name: text(200),
      email: optionalText(320),
      phone: optionalText(50),
    })
    .optional(),
  role: chainPartnerRoleInputSchema,
  task: text(),
});

export const registerAcuteUnsafetyBodySchema = z.strictObject({ measures: text() });

export const completeSafetyAssessmentBodySchema = z.strictObject({
  acuteUnsafety: z.boolean({ error: 'Kies ja (true) of nee (false).' }),
  structuralUnsafety: z.boolean({ error: 'Kies ja (true) of nee (false).' }),
});

export const startInvestigationBodySchema = z.strictObject({ investigationId: optionalId });

export const completeInvestigationBodySchema = z.strictObject({ conclusion: text(10_000) });

export const closureOutcomeInputSchema = z.enum(
  [
    'no-unsafety-found',
    'safety-established',
    'continued-in-voluntary-care',
    'child-protection-measure',
    'advice-given',
    'other',
  ],
  { error: 'Kies een uitkomst uit de lijst.' },
);

export const closeCaseBodySchema = z.strictObject({ outcome: closureOutcomeInputSchema, notes: optionalText(10_000) });

export const addSafetyConditionBodySchema = z.strictObject({
  conditionId: optionalId,
  text: text(),
  owner: ownerInputSchema,
  dueOn: calendarDateInputSchema,
});

export const reviseSafetyConditionBodySchema = z.strictObject({
  text: text(),
  owner: ownerInputSchema,
  dueOn: calendarDateInputSchema,
  reason: text(),
});

export const recordSafetyConditionStatusBodySchema = z.strictObject({
  status: z.enum(['met', 'not-met'], { error: 'Kies met of not-met.' }),
  notes: optionalText(10_000),
});

export const planPartInputSchema = z.enum(['safety', 'aid', 'recovery'], { error: 'Kies safety, aid of recovery.' });

export const planAgreementInputSchema = z.strictObject({
  agreementId: text(100),
  text: text(),
  owner: ownerInputSchema,
  dueOn: calendarDateInputSchema.optional(),
});

export const updatePlanPartBodySchema = z.strictObject({
  description: storableString().max(10_000, { error: 'Maximaal 10000 tekens.' }),
  agreements: z.array(planAgreementInputSchema).max(100),
});

export const scheduleRappelsBodySchema = z.strictObject({
  scheduleId: optionalId,
  owner: directorInputSchema,
  /** Per-case override of the region's default schedule (months after the hand-over). */
  offsetsInMonths: z.array(z.number().int().positive().max(120)).min(1).max(24).optional(),
});

export const rappelOutcomeInputSchema = z.enum(['safe', 'concerns', 'unsafe'], { error: 'Kies safe, concerns of unsafe.' });

export const recordRappelOutcomeBodySchema = z.strictObject({
  outcome: rappelOutcomeInputSchema,
  notes: optionalText(10_000),
});

/** Every command answers with this; `ETag: "<version>"` carries the same version. */
export const caseCommandResultSchema = z.object({
  caseId: z.string(),
  /** 0-based revision of the case's last event: send it back as `If-Match: "<version>"`. */
  version: z.number().int().nonnegative(),
  /** Pass as `?after=` to a query to read this write (read-your-writes). */
  checkpoint: z.string(),
  /** Wire names of the events this command recorded (empty when nothing changed). */
  events: z.array(z.string()),
  /** Ids the command used, e.g. `{ reportId }` or `{ handoverId }`, generated ones included. */
  ids: z.record(z.string(), z.string()),
});

export type RegisterReportBody = z.input<typeof registerReportBodySchema>;
export type RegisterAdviceRequestBody = z.input<typeof registerAdviceRequestBodySchema>;
export type MergeMembersBody = z.input<typeof mergeMembersBodySchema>;
export type OfferHandoverBody = z.input<typeof offerHandoverBodySchema>;
export type EscalateCaseBody = z.input<typeof escalateCaseBodySchema>;
export type ReasonBody = z.input<typeof reasonBodySchema>;
export type ChangePhaseBody = z.input<typeof changePhaseBodySchema>;
export type RegisterChainPartnerBody = z.input<typeof registerChainPartnerBodySchema>;
export type RegisterAcuteUnsafetyBody = z.input<typeof registerAcuteUnsafetyBodySchema>;
export type CompleteSafetyAssessmentBody = z.input<typeof completeSafetyAssessmentBodySchema>;
export type StartInvestigationBody = z.input<typeof startInvestigationBodySchema>;
export type CompleteInvestigationBody = z.input<typeof completeInvestigationBodySchema>;
export type CloseCaseBody = z.input<typeof closeCaseBodySchema>;
export type AddSafetyConditionBody = z.input<typeof addSafetyConditionBodySchema>;
export type ReviseSafetyConditionBody = z.input<typeof reviseSafetyConditionBodySchema>;
export type RecordSafetyConditionStatusBody = z.input<typeof recordSafetyConditionStatusBodySchema>;
export type UpdatePlanPartBody = z.input<typeof updatePlanPartBodySchema>;
export type ScheduleRappelsBody = z.input<typeof scheduleRappelsBodySchema>;
export type RecordRappelOutcomeBody = z.input<typeof recordRappelOutcomeBodySchema>;
export type CaseCommandResult = z.infer<typeof caseCommandResultSchema>;
