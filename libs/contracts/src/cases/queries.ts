import { z } from 'zod';
import { instantOutput, dayOutput } from '../dates';
import { pageNumberParam, pageSizeParam } from '../paging';
import { requiredMessage, storableString } from '../text';
import { receivedAtInputSchema } from './commands';
import { caseSignalSchema } from './signals';
import { reportFeedbackSchema } from './case-feedback';

// HTTP contracts of the cases read side: query parameters (validated by the server, 400 with field
// paths on bad input) and response bodies (what the web client may rely on). OpenAPI is built from these.

const closureOutcomeValues = [
  'no-unsafety-found',
  'safety-established',
  'continued-in-voluntary-care',
  'child-protection-measure',
  'advice-given',
  'other',
] as const;

const calendarDate = storableString()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Gebruik een datum in de vorm JJJJ-MM-DD.')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'Deze datum bestaat niet.')
  .meta({ format: 'date' });

/**
 * Veilig Thuis, and the Wmo 2015 this system records under, began on 1 January 2015: no case has an
 * event before that day. A date before it can only be a typing error, and replaying an earlier day
 * would ask for Amsterdam midnights that the time-zone rules do not have (local mean time before 1940).
 */
export const firstPossibleDay = '2015-01-01';

const notBeforeFirstPossibleDay = (value: string): boolean => value >= firstPossibleDay;

/** `?after=<checkpoint>`: wait until the read model passed the checkpoint a command returned. */
const after = storableString().max(200).optional().describe('Controlepunt uit het antwoord op een opdracht (read-your-writes).');

const pageParams = {
  page: pageNumberParam(),
  pageSize: pageSizeParam(100, 25),
};

export const caseStatusValues = [
  'advice',
  'received',
  'acute',
  'in_safety_assessment',
  'assessed',
  'handover_offered',
  'handed_over',
  'monitoring',
  'conditions_and_follow_up',
  'under_investigation',
  'referred_to_child_protection',
  'escalated',
  'de_escalated',
  'closed',
] as const;

export const worklistNames = [
  'my-cases',
  'assessments-due',
  'assessments-overdue',
  'rappels-due',
  'rappels-overdue',
  'recidivism-flags',
  'handovers-offered',
  'assessments',
  'rappels',
  // Cases the user or their team directs with a signal from a referrer or partner not yet seen.
  'signals',
  'feedback-due',
] as const;

export type WorklistName = (typeof worklistNames)[number];

/**
 * The orders a worklist can be read in. `deadline` is the list's own urgency order (most overdue
 * first); the combined lists (`assessments`, `rappels`) put their overdue cases before the rest.
 */
export const worklistSortKeys = ['deadline', 'family', 'municipality', 'status', 'director', 'lastChanged'] as const;

export type WorklistSortKey = (typeof worklistSortKeys)[number];

/** The filters a worklist and its counts share, so a tab's count matches the list it opens. */
const worklistFilters = {
  municipality: storableString()
    .trim()
    .min(1, 'Vul een gemeente in.')
    .max(200, 'Hoogstens 200 tekens.')
    .optional()
    .describe('Alleen casussen in deze gemeente (de gemeente van het adres van het gezin), bijvoorbeeld Gorinchem.'),
  status: z.enum(caseStatusValues, { error: 'Kies een bestaande status.' }).optional().describe('Alleen casussen met deze status.'),
};

export const worklistQuerySchema = z
  .object({
    ...pageParams,
    /**
     * `mine`: only cases the current user directs, or for the rappel worklists the cases with a
     * rappel the current user owns and has still to do, or for the hand-over offers those offered
     * to the current user by name; `my-cases` is always `mine`.
     */
    scope: z
      .enum(['all', 'mine'], { error: 'Kies alle casussen of alleen de mijne.' })
      .default('all')
      .describe(
        '`all`: alle casussen van de werklijst waarmee u een relatie hebt (bij overdrachten: aangeboden aan u of aan uw team); `mine`: alleen die u zelf regisseert (bij rappels: met een rappel die u nog moet doen; bij overdrachten: aangeboden aan u persoonlijk).',
      ),
    sort: z
      .enum(worklistSortKeys, { error: 'Kies een kolom om op te sorteren.' })
      .default('deadline')
      .describe(
        'Sorteer op `deadline` (termijn: de meest verlopen eerst; bij `assessments` en `rappels` wat te laat is vóór de rest), `family` (gezin), `municipality` (gemeente), `status` (in de volgorde van de levensloop van een casus), `director` (naam van de regisseur) of `lastChanged` (laatst gewijzigd).',
      ),
    order: z
      .enum(['asc', 'desc'], { error: 'Kies oplopend of aflopend.' })
      .default('asc')
      .describe(
        '`asc`: oplopend (bij `deadline`: het dringendst eerst); `desc`: aflopend. Casussen zonder termijn staan altijd achteraan.',
      ),
    ...worklistFilters,
    after,
  })
  .strict();

export type WorklistQuery = z.infer<typeof worklistQuerySchema>;

/**
 * `GET /worklists/counts`: the same `scope` and filters as the lists, so a tab's count matches the
 * list it opens.
 */
export const worklistCountsQuerySchema = z
  .object({
    scope: worklistQuerySchema.shape.scope,
    ...worklistFilters,
    after,
  })
  .strict();

export type WorklistCountsQuery = z.infer<typeof worklistCountsQuerySchema>;

/** `GET /worklists/facets`: which filter values one worklist has, for its filter chips. */
export const worklistFacetsQuerySchema = z
  .object({
    list: z.enum(worklistNames, { error: 'Kies een bestaande werklijst.' }).describe('De werklijst.'),
    scope: worklistQuerySchema.shape.scope,
    after,
  })
  .strict();

export type WorklistFacetsQuery = z.infer<typeof worklistFacetsQuerySchema>;

export const caseDetailQuerySchema = z
  .object({
    /** Replays the case up to the end of this day (Europe/Amsterdam) from the event store. */
    asOf: calendarDate
      .refine(notBeforeFirstPossibleDay, 'Kies een datum vanaf 1 januari 2015: van daarvoor bestaan geen casussen.')
      .optional()
      .describe('De casus zoals die was aan het eind van deze dag (Europe/Amsterdam).'),
    after,
  })
  .strict();

export type CaseDetailQuery = z.infer<typeof caseDetailQuerySchema>;

export const timelineKinds = ['intake', 'recidivism', 'direction', 'assessment', 'route', 'plan', 'rappel', 'deadline'] as const;

export type TimelineKind = (typeof timelineKinds)[number];

export const caseTimelineQuerySchema = z
  .object({
    kind: z.enum(timelineKinds, { error: 'Kies een soort uit de lijst.' }).optional().describe('Alleen gebeurtenissen van deze soort.'),
    ...pageParams,
    pageSize: pageSizeParam(1000, 100),
    after,
  })
  .strict();

export type CaseTimelineQuery = z.infer<typeof caseTimelineQuerySchema>;

export const caseIdParamSchema = z.object({ caseId: storableString().min(1).max(200) });

const postcode = storableString()
  .trim()
  .regex(/^[1-9][0-9]{3}\s?[A-Za-z]{2}$/, 'Gebruik een postcode als 1234 AB.');

/** The body of `POST /api/v1/families/search`: names and dates of birth never travel in a URL. */
export const familySearchBodySchema = z
  .object({
    givenNames: storableString().trim().min(1).max(200).optional().describe('Voornamen; alleen samen met de achternaam.'),
    prefix: storableString().trim().max(50).optional().describe('Tussenvoegsel, bijvoorbeeld van der.'),
    familyName: storableString().trim().min(1).max(200).optional().describe('Achternaam; alleen samen met de voornamen.'),
    dateOfBirth: calendarDate.optional().describe('Geboortedatum (JJJJ-MM-DD); alleen samen met een naam.'),
    postcode: postcode.optional().describe('Postcode, als 1234 AB; alleen samen met het huisnummer.'),
    // As long as an intake's (`addressInputSchema`): a search for an address an intake accepts is never refused.
    houseNumber: storableString()
      .trim()
      .min(1, { error: requiredMessage })
      .max(20, { error: 'Maximaal 20 tekens.' })
      .optional()
      .describe('Huisnummer; alleen samen met de postcode.'),
    houseNumberAddition: storableString()
      .trim()
      .max(20, { error: 'Maximaal 20 tekens.' })
      .optional()
      .describe('Toevoeging aan het huisnummer, bijvoorbeeld A.'),
    receivedAt: receivedAtInputSchema
      .optional()
      .describe('Wanneer de melding binnenkwam, met tijdzone; bepaalt `classification` van elke kandidaat. Leeg: nu.'),
    limit: z.number().int().min(1).max(50).default(10).describe('Hoeveel kandidaten hoogstens: 1 tot en met 50, standaard 10.'),
    after,
  })
  .strict()
  .meta({
    examples: [
      { givenNames: 'Sem', familyName: 'Jansen', dateOfBirth: '2017-09-15' },
      { postcode: '4201 AB', houseNumber: '12' },
    ],
  })
  .superRefine((query, context) => {
    const hasName = query.givenNames !== undefined || query.familyName !== undefined;
    if (hasName && (query.givenNames === undefined || query.familyName === undefined)) {
      const path = query.givenNames === undefined ? 'givenNames' : 'familyName';
      context.addIssue({ code: 'custom', path: [path], message: 'Vul voornaam en achternaam allebei in.' });
    }
    if ((query.postcode === undefined) !== (query.houseNumber === undefined)) {
      const path = query.postcode === undefined ? 'postcode' : 'houseNumber';
      context.addIssue({ code: 'custom', path: [path], message: 'Vul postcode en huisnummer allebei in.' });
    }
    if (query.dateOfBirth !== undefined && !hasName) {
      context.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'Zoek op geboortedatum samen met een naam.' });
    }
    if (!hasName && query.postcode === undefined) {
      context.addIssue({ code: 'custom', path: [], message: 'Zoek op naam of op postcode en huisnummer.' });
    }
  });

export type FamilySearchQuery = z.infer<typeof familySearchBodySchema>;

// ---------------------------------------------------------------- responses

const organisationSchema = z.object({
  organisationId: z.string(),
  name: z.string(),
  kind: z.enum(['veilig-thuis', 'local-team', 'other']),
});

const personSchema = z.object({ personId: z.string(), name: z.string() });

export const directorViewSchema = z.object({ person: personSchema, organisation: organisationSchema });

/** A hand-over's receiver: one professional, or (without `person`) the organisation's team. */
export const handoverReceiverViewSchema = z.object({ person: personSchema.optional(), organisation: organisationSchema });

const ownerSchema = z.object({ organisation: organisationSchema, person: personSchema.optional() });

const phaseSchema = z.enum(['immediate-safety', 'stable-safety', 'recovery']);

export const caseDeadlinesSchema = z.object({
  assessmentDueOn: dayOutput().nullable(),
  assessmentOverdue: z.boolean(),
  /** Working days from today to the due date: 0 on the day itself, negative when overdue (by that many working days). */
  assessmentWorkingDaysLeft: z.number().int().nullable(),
  investigationDueOn: dayOutput().nullable(),
  investigationOverdue: z.boolean(),
  investigationWorkingDaysLeft: z.number().int().nullable(),
  nextRappelDueOn: dayOutput().nullable(),
  nextRappelDeadlineOn: dayOutput().nullable(),
  rappelOverdue: z.boolean(),
});

export const worklistItemSchema = z.object({
  caseId: z.string(),
  /** Surname and postcode area only: enough to recognise the family on a list, no more. */
  familyLabel: z.string(),
  municipality: z.string(),
  status: z.enum(caseStatusValues),
  phase: phaseSchema,
  director: directorViewSchema,
  pendingHandoverTo: handoverReceiverViewSchema.nullable(),
  deadlines: caseDeadlinesSchema,
  unacknowledgedRecidivismFlags: z.number().int().nonnegative(),
  oldestUnacknowledgedFlagAt: instantOutput().nullable(),
  lastEventAt: instantOutput(),
  version: z.number().int().nonnegative(),
});

export type WorklistItem = z.infer<typeof worklistItemSchema>;

export const pagedSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
    total: z.number().int().nonnegative(),
  });

export const worklistPageSchema = pagedSchema(worklistItemSchema);

export type WorklistPage = z.infer<typeof worklistPageSchema>;

const handoverKindSchema = z.enum(['de-escalation', 'escalation', 'transfer']);

/**
 * A pending hand-over as a worklist shows it: who offers (the director and their organisation),
 * to whom, what kind and since when. The reason is free text and stays on the case page.
 */
export const handoverOfferViewSchema = z.object({
  handoverId: z.string(),
  kind: handoverKindSchema,
  from: directorViewSchema,
  to: handoverReceiverViewSchema,
  phase: phaseSchema,
  offeredAt: instantOutput(),
});

export type HandoverOfferView = z.infer<typeof handoverOfferViewSchema>;

/** A row of `GET /worklists/handovers-offered`: the usual worklist columns and the offer waiting for an answer. */
export const handoverOfferItemSchema = worklistItemSchema.extend({ handover: handoverOfferViewSchema });

export type HandoverOfferItem = z.infer<typeof handoverOfferItemSchema>;

export const handoverOfferPageSchema = pagedSchema(handoverOfferItemSchema);

export type HandoverOfferPage = z.infer<typeof handoverOfferPageSchema>;

const worklistCount = z.number().int().nonnegative();

/**
 * How many cases each worklist holds for the user, filtered exactly as the lists are: numbers only,
 * no family, so a tab can show its count without opening the list.
 */
export const worklistCountsSchema = z
  .object({
    'my-cases': worklistCount,
    'assessments-due': worklistCount,
    'assessments-overdue': worklistCount,
    'rappels-due': worklistCount,
    'rappels-overdue': worklistCount,
    'recidivism-flags': worklistCount,
    'handovers-offered': worklistCount,
    assessments: worklistCount,
    rappels: worklistCount,
    signals: worklistCount,
    'feedback-due': worklistCount,
  })
  .strict() satisfies z.ZodType<Record<WorklistName, number>>;

export type WorklistCounts = z.infer<typeof worklistCountsSchema>;

/**
 * The municipalities and statuses on a worklist (before its own filters), each once and in order:
 * what the filter chips offer. Names no family, so reading it logs nothing.
 */
export const worklistFacetsSchema = z.object({
  municipalities: z.array(z.string()),
  statuses: z.array(z.enum(caseStatusValues)),
});

export type WorklistFacets = z.infer<typeof worklistFacetsSchema>;

const addressSchema = z.object({
  street: z.string().optional(),
  houseNumber: z.string(),
  houseNumberAddition: z.string().optional(),
  postcode: z.string(),
  city: z.string().optional(),
  municipality: z.string(),
});

const householdMemberSchema = z.object({
  memberId: z.string(),
  role: z.enum(['adult', 'child']),
  name: z.object({ givenNames: z.string(), prefix: z.string().optional(), familyName: z.string() }),
  dateOfBirth: dayOutput().nullable(),
  address: addressSchema.optional(),
  /** Other spellings reports named this member under (as written); search finds the member under each. */
  otherNames: z.array(z.object({ givenNames: z.string(), prefix: z.string().optional(), familyName: z.string() })).optional(),
});

const planAgreementSchema = z.object({
  agreementId: z.string(),
  text: z.string(),
  owner: ownerSchema,
  dueOn: dayOutput().optional(),
});

const planPartSchema = z.object({ description: z.string(), agreements: z.array(planAgreementSchema) });

export const openDeadlineSchema = z.object({
  kind: z.enum(['safety-assessment', 'investigation', 'rappel', 'safety-condition']),
  id: z.string(),
  dueOn: dayOutput(),
  /** The last day before it is overdue, when that differs from `dueOn` (rappels). */
  deadlineOn: dayOutput().optional(),
  overdue: z.boolean(),
  /** For deadlines counted in working days (assessment, investigation): as in the worklist's deadlines. */
  workingDaysLeft: z.number().int().optional(),
});

/**
 * The case actions the detail reports on, by the command each one sends (`de-escalate` and
 * `offer-handover` both send `POST /cases/{caseId}/handovers`: the first when Veilig Thuis directs
 * and hands over to a local team, the second when a local team directs and hands over elsewhere).
 */
export const caseActionNames = [
  'start-safety-assessment',
  'complete-safety-assessment',
  'start-conditions-and-follow-up',
  'start-investigation',
  'complete-investigation',
  'request-child-protection-investigation',
  'de-escalate',
  'offer-handover',
  'accept-handover',
  'decline-handover',
  'withdraw-handover',
  'escalate-case',
  'change-phase',
  'update-plan-part',
  'add-safety-condition',
  'record-safety-condition-status',
  'register-chain-partner',
  'end-chain-partner',
  'schedule-rappels',
  'record-rappel-outcome',
  'acknowledge-recidivism-flag',
  'close-case',
  'raise-signal',
  'acknowledge-signal',
  'send-feedback',
] as const;

export type CaseActionName = (typeof caseActionNames)[number];

/** What an action acts on, for the actions that act on one item of the case. */
export const caseActionTargetSchema = z.object({
  assessmentId: z.string().optional(),
  investigationId: z.string().optional(),
  handoverId: z.string().optional(),
  rappelId: z.string().optional(),
  flagId: z.string().optional(),
  conditionId: z.string().optional(),
  partnerId: z.string().optional(),
  signalId: z.string().optional(),
});

/**
 * One action and whether the signed-in user may take it now, decided by the same access policy and
 * domain rules as the command itself. Refused: `reason` says why and who can (Dutch, for people),
 * `code` is the problem code the command would answer with. An action the user's role never has is
 * not listed at all.
 */
export const caseActionSchema = z.discriminatedUnion('allowed', [
  z.object({ action: z.enum(caseActionNames), allowed: z.literal(true), target: caseActionTargetSchema.optional() }),
  z.object({
    action: z.enum(caseActionNames),
    allowed: z.literal(false),
    target: caseActionTargetSchema.optional(),
    reason: z.string(),
    code: z.string(),
  }),
]);

export type CaseAction = z.infer<typeof caseActionSchema>;

export const caseDetailSchema = z.object({
  caseId: z.string(),
  familyId: z.string(),
  version: z.number().int().nonnegative(),
  /** Set when the case is shown as it was at the end of this day. */
  asOf: dayOutput().optional(),
  status: z.enum(caseStatusValues),
  phase: phaseSchema,
  familyLabel: z.string(),
  municipality: z.string(),
  household: z.object({ address: addressSchema, members: z.array(householdMemberSchema) }),
  director: directorViewSchema,
  pendingHandover: z
    .object({
      handoverId: z.string(),
      kind: z.enum(['de-escalation', 'escalation', 'transfer']),
      from: directorViewSchema,
      to: handoverReceiverViewSchema,
      reason: z.string(),
      phase: phaseSchema,
    })
    .nullable(),
  plan: z.object({
    safetyConditions: z.array(
      z.object({
        conditionId: z.string(),
        text: z.string(),
        owner: ownerSchema,
        dueOn: dayOutput(),
        status: z.enum(['open', 'met', 'not-met']),
      }),
    ),
    parts: z.object({ safety: planPartSchema, aid: planPartSchema, recovery: planPartSchema }),
  }),
  chainPartners: z.array(
    z.object({
      partnerId: z.string(),
      organisation: organisationSchema,
      role: z.enum(['aid-provider', 'youth-protection', 'police', 'education', 'health', 'housing', 'other']),
      active: z.boolean(),
    }),
  ),
  reports: z.array(
    z.object({
      reportId: z.string(),
      classification: z.enum(['first', 'follow-up', 'repeat']),
      receivedOn: dayOutput(),
      assessmentId: z.string(),
    }),
  ),
  adviceRequests: z.number().int().nonnegative(),
  recidivismFlags: z.array(
    z.object({
      flagId: z.string(),
      reportId: z.string(),
      classification: z.enum(['follow-up', 'repeat']),
      /**
       * The earlier involvement the director acknowledges: still running (its status) or ended (its
       * outcome and date), who directed it and how many reports it had. Null only in a case register
       * built before flags kept this; `npm run projections:rebuild -- cases.case-register` fills it.
       */
      earlierInvolvement: z
        .discriminatedUnion('kind', [
          z.object({ kind: z.literal('ongoing'), status: z.enum(caseStatusValues) }),
          z.object({ kind: z.literal('ended'), outcome: z.enum(closureOutcomeValues), closedOn: dayOutput() }),
        ])
        .nullable(),
      earlierDirector: directorViewSchema.nullable(),
      earlierReportCount: z.number().int().nonnegative().nullable(),
      acknowledged: z.boolean(),
    }),
  ),
  rappels: z.array(
    z.object({
      rappelId: z.string(),
      owner: directorViewSchema,
      dueOn: dayOutput(),
      deadlineOn: dayOutput(),
      status: z.enum(['scheduled', 'due', 'completed', 'cancelled']),
      overdue: z.boolean(),
      outcome: z.enum(['safe', 'concerns', 'unsafe']).optional(),
    }),
  ),
  openDeadlines: z.array(openDeadlineSchema),
  lastClosure: z
    .object({
      outcome: z.enum(closureOutcomeValues),
      closedOn: dayOutput(),
      director: directorViewSchema,
    })
    .nullable(),
  openedAt: instantOutput(),
  lastEventAt: instantOutput(),
  /** What the user may do now, each action allowed or with the reason why not; empty with `asOf` (history is not acted on). */
  actions: z.array(caseActionSchema),
  /** What referrers and chain partners told the director, oldest first. */
  signals: z.array(caseSignalSchema),
  /**
   * Present only while the user reads this case through their own break-the-glass grant (no relation
   * of their own): until when, so the client can say so in a banner for as long as it lasts.
   */
  emergencyAccess: z.object({ grantId: z.string(), expiresAt: instantOutput() }).optional(),
  /** Per report: what its referrer was told, when it was due and how delivery went; empty without the whole case or with `asOf`. */
  feedback: z.array(reportFeedbackSchema),
});

export type CaseDetail = z.infer<typeof caseDetailSchema>;

export const timelineEntrySchema = z.object({
  revision: z.number().int().nonnegative(),
  eventId: z.string(),
  type: z.string(),
  kind: z.enum(timelineKinds),
  occurredAt: instantOutput(),
  /** `onBehalfOf`: the director's user id when a colleague of the director's team steered for them (ADR 0008). */
  actor: z.object({ userId: z.string(), organisationId: z.string().optional(), onBehalfOf: z.string().optional() }).nullable(),
  /** Dutch, for people; built without the family's personal data or free-text notes. */
  summary: z.string(),
});

export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const caseTimelinePageSchema = pagedSchema(timelineEntrySchema);

export type CaseTimelinePage = z.infer<typeof caseTimelinePageSchema>;

export const familyMatchReasons = [
  'same-name-and-birth-date',
  'swapped-names',
  'similar-name-and-birth-date',
  'same-name',
  'same-postcode-house-number',
] as const;

export const familySearchResultSchema = z.object({
  candidates: z.array(
    z.object({
      caseId: z.string(),
      familyId: z.string(),
      familyLabel: z.string(),
      municipality: z.string(),
      status: z.enum(caseStatusValues),
      director: directorViewSchema,
      /** 0..1, for ordering; not a probability. */
      score: z.number(),
      /** Same name and date of birth: link to this family rather than creating a new one. */
      exact: z.boolean(),
      reasons: z.array(z.enum(familyMatchReasons)),
      /**
       * What a report received at the search's `receivedAt` and linked to this case is registered
       * as, by the rule the registration itself applies: `first`, `follow-up` or `repeat`.
       */
      classification: z.enum(['first', 'follow-up', 'repeat']),
      matchedMembers: z.array(
        z.object({
          memberId: z.string(),
          role: z.enum(['adult', 'child']),
          reason: z.enum(familyMatchReasons),
          score: z.number(),
        }),
      ),
    }),
  ),
});

export type FamilySearchResult = z.infer<typeof familySearchResultSchema>;

// ---------------------------------------------------------------- a partner's own tasks

export const myTasksQuerySchema = z
  .object({
    ...pageParams,
    after,
  })
  .strict();

export type MyTasksQuery = z.infer<typeof myTasksQuerySchema>;

/**
 * One case in which the user's organisation has a task, showing those tasks and nothing else of
 * the case: a partner sees only its own part of the plan (need-to-know), plus enough to recognise
 * the family and reach the director.
 */
export const myTaskCaseSchema = z.object({
  caseId: z.string(),
  /** For `If-Match` on the one command a partner may send: the status of its own safety condition. */
  version: z.number().int().nonnegative(),
  familyLabel: z.string(),
  municipality: z.string(),
  status: z.enum(caseStatusValues),
  director: directorViewSchema,
  safetyConditions: z.array(
    z.object({
      conditionId: z.string(),
      text: z.string(),
      owner: ownerSchema,
      dueOn: dayOutput(),
      status: z.enum(['open', 'met', 'not-met']),
    }),
  ),
  planAgreements: z.array(
    z.object({
      part: z.enum(['safety', 'aid', 'recovery']),
      agreementId: z.string(),
      text: z.string(),
      owner: ownerSchema,
      dueOn: dayOutput().optional(),
    }),
  ),
  chainPartnerRegistrations: z.array(
    z.object({
      partnerId: z.string(),
      role: z.enum(['aid-provider', 'youth-protection', 'police', 'education', 'health', 'housing', 'other']),
    }),
  ),
  /** The signals the user's own organisation raised on this case (`POST /cases/{caseId}/signals`). */
  signals: z.array(caseSignalSchema),
});

export type MyTaskCase = z.infer<typeof myTaskCaseSchema>;

export const myTasksPageSchema = pagedSchema(myTaskCaseSchema);

export type MyTasksPage = z.infer<typeof myTasksPageSchema>;

// ---------------------------------------------------------------- free texts of a case

/** `?after=`, as on the other case reads. */
export const caseTextsQuerySchema = z.object({ after }).strict();

export type CaseTextsQuery = z.infer<typeof caseTextsQuerySchema>;

/** The items of the case a text belongs to, by their ids in the case (as commands and case detail name them). */
export const caseTextSubjectSchema = z.object({
  reportId: z.string().optional(),
  adviceRequestId: z.string().optional(),
  assessmentId: z.string().optional(),
  handoverId: z.string().optional(),
  investigationId: z.string().optional(),
  conditionId: z.string().optional(),
  rappelId: z.string().optional(),
  partnerId: z.string().optional(),
  part: z.enum(['safety', 'aid', 'recovery']).optional(),
  agreementId: z.string().optional(),
});

/**
 * One free text as it was written: the concern of a report or advice request, the reason of a
 * hand-over, escalation, route or closure, a note on a rappel or condition, a plan's text.
 */
export const caseTextSchema = z.object({
  revision: z.number().int().nonnegative(),
  eventId: z.string(),
  /** Wire name of the event that recorded the text, e.g. `cases.report-received`. */
  type: z.string(),
  kind: z.enum(timelineKinds),
  /** Which field of that event, e.g. `concern`, `reason`, `agreements.0.text`. */
  field: z.string(),
  occurredAt: instantOutput(),
  /** Who recorded it; null for what the system recorded (no user). */
  actor: z.object({ userId: z.string(), organisationId: z.string().optional() }).nullable(),
  about: caseTextSubjectSchema,
  text: z.string(),
});

export type CaseText = z.infer<typeof caseTextSchema>;

/** Every free text of a case, newest first. `erased`: the family's personal data was erased, so no text is left to show. */
export const caseTextsSchema = z.object({
  caseId: z.string(),
  version: z.number().int().nonnegative(),
  erased: z.boolean(),
  items: z.array(caseTextSchema),
});

export type CaseTexts = z.infer<typeof caseTextsSchema>;

// ---------------------------------------------------------------- the rappel planner

/** The longest span one planner request covers: six weeks, enough for a month view. */
export const rappelPlannerMaxDays = 42;

const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

export const rappelPlannerQuerySchema = z
  .object({
    from: calendarDate.describe('Eerste dag (JJJJ-MM-DD), meestal een maandag.'),
    to: calendarDate.describe('Laatste dag (JJJJ-MM-DD), meestal de zondag erna; hoogstens 42 dagen na `from`.'),
    scope: z
      .enum(['all', 'mine'], { error: 'Kies alle casussen of alleen de mijne.' })
      .default('all')
      .describe('`all`: de rappels van alle casussen waarmee u een relatie hebt; `mine`: alleen de rappels die u zelf doet.'),
    after,
  })
  .strict()
  .superRefine((query, context) => {
    if (query.to < query.from) context.addIssue({ code: 'custom', path: ['to'], message: 'Kies een einddatum op of na de begindatum.' });
    else if (dayNumber(query.to) - dayNumber(query.from) >= rappelPlannerMaxDays)
      context.addIssue({ code: 'custom', path: ['to'], message: `Kies hoogstens ${rappelPlannerMaxDays} dagen.` });
  });

export type RappelPlannerQuery = z.infer<typeof rappelPlannerQuerySchema>;

/**
 * One rappel on the planner, with what identifies its case and who directs it now: after an
 * unsafe outcome the row itself shows that direction went back to Veilig Thuis.
 */
export const rappelPlannerItemSchema = z.object({
  caseId: z.string(),
  /** For `If-Match` on the rappel's commands. */
  version: z.number().int().nonnegative(),
  familyLabel: z.string(),
  municipality: z.string(),
  status: z.enum(caseStatusValues),
  director: directorViewSchema,
  rappel: z.object({
    rappelId: z.string(),
    owner: directorViewSchema,
    dueOn: dayOutput(),
    /** The last day before the rappel is overdue. */
    deadlineOn: dayOutput(),
    status: z.enum(['scheduled', 'due', 'completed']),
    /** Still open and past its last day (or marked so by the scheduler). */
    overdue: z.boolean(),
    outcome: z.enum(['safe', 'concerns', 'unsafe']).optional(),
  }),
});

export type RappelPlannerItem = z.infer<typeof rappelPlannerItemSchema>;

/**
 * The rappels due from `from` to `to` (done ones included, with their outcome), overdue first, then
 * by due date. When the span holds today, the open rappels due before it come too: they are still
 * to do. `total` counts them all; at most 500 travel.
 */
export const rappelPlannerSchema = z.object({
  from: dayOutput(),
  to: dayOutput(),
  items: z.array(rappelPlannerItemSchema),
  total: z.number().int().nonnegative(),
});

export type RappelPlanner = z.infer<typeof rappelPlannerSchema>;
