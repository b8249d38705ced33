import { z } from 'zod';
import { instantOutput } from '../dates';
import { pageNumberParam, pageSizeParam } from '../paging';
import { firstPossibleDay, pagedSchema } from '../cases/queries';
import { storableString } from '../text';

// The privacy officer's API: the NEN 7513 access log (search, a family's export, chain
// verification) and the review of break-the-glass grants. Requests are strict: an unknown query
// parameter or body field is a 400 naming it, never silently ignored.

const required = 'Dit veld is verplicht.';

const identifier = storableString({ error: required }).trim().min(1, { error: required }).max(200, { error: 'Hoogstens 200 tekens.' });

const calendarDay = /^\d{4}-\d{2}-\d{2}$/;

const isExistingDay = (value: string): boolean => {
  if (!calendarDay.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

const instant = z.iso.datetime({ offset: true });

/**
 * A calendar day (Europe/Amsterdam) or an instant with its offset, from the first day the system can
 * have logged anything: PostgreSQL has no year 0, so an earlier one would be its error, not ours.
 */
const moment = storableString()
  .refine((value) => isExistingDay(value) || instant.safeParse(value).success, {
    error: 'Gebruik een datum als 2026-03-10 of een tijdstip met tijdzone als 2026-03-10T09:30:00+01:00.',
  })
  .refine((value) => value.slice(0, 10) >= firstPossibleDay, {
    error: 'Kies een moment vanaf 1 januari 2015: van daarvoor is niets gelogd.',
  })
  .meta({ anyOf: [{ format: 'date' }, { format: 'date-time' }] });

export const isCalendarDay = (value: string): boolean => calendarDay.test(value);

const flag = z.enum(['true', 'false'], { error: 'Kies ja of nee.' }).transform((value) => value === 'true');

const page = pageNumberParam();

export const accessLogQuerySchema = z.strictObject({
  familyId: identifier.optional().describe('Alleen regels over dit gezin en zijn casussen.'),
  caseId: identifier.optional().describe('Alleen regels over deze casus.'),
  userId: identifier.optional().describe('Alleen regels van deze gebruiker.'),
  from: moment.optional().describe('Vanaf deze dag (Europe/Amsterdam) of dit tijdstip, inclusief.'),
  to: moment.optional().describe('Tot en met deze dag (Europe/Amsterdam) of dit tijdstip.'),
  emergency: flag.optional().describe('true: alleen noodtoegang (break-the-glass); false: alleen gewone toegang.'),
  page,
  pageSize: pageSizeParam(100, 50),
});

export type AccessLogQuery = z.output<typeof accessLogQuerySchema>;

const actorSchema = z.object({
  userId: z.string(),
  /** The account's name today, for the officer to read; null when no enabled account has this id any more. */
  displayName: z.string().nullable(),
  organisationId: z.string(),
  role: z.string().nullable(),
});

/** One log line as the privacy officer sees it: who, on whose behalf, what, on which ground, when. */
export const accessLogEntrySchema = z.object({
  sequence: z.number().int().positive(),
  recordedAt: instantOutput(),
  subjectType: z.enum(['family', 'case']),
  subjectId: z.string(),
  familyId: z.string().nullable(),
  actor: actorSchema,
  onBehalfOf: actorSchema.nullable(),
  /** read, create, update, erase, export, search or disclose (sent to someone outside the platform). */
  action: z.string(),
  /** A legal basis of the access domain, e.g. `wmo-2015-4.1.1`. */
  legalBasis: z.string(),
  emergency: z.boolean(),
  emergencyReason: z.string().nullable(),
  requestId: z.string(),
  route: z.string(),
  /**
   * What a command came to: changed, unchanged, refused, conflict, replayed, failed, or pending
   * (written before the change; its outcome was never recorded). Null for a read.
   */
  outcome: z.string().nullable(),
});

export type AccessLogEntryView = z.infer<typeof accessLogEntrySchema>;

/**
 * Newest first. `hasMore` instead of a total: counting a log that only grows (every read of every
 * family, for twenty years and more) would cost more than the page itself.
 */
export const accessLogPageSchema = z.object({
  items: z.array(accessLogEntrySchema),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  hasMore: z.boolean(),
});

export type AccessLogPage = z.infer<typeof accessLogPageSchema>;

export const familyIdParamSchema = z.strictObject({ familyId: identifier });

/** What the family may ask to see (AVG art. 15): organisations and roles, not the professionals. */
export const familyAccessLogExportSchema = z.object({
  familyId: z.string(),
  exportedAt: instantOutput(),
  entries: z.array(
    z.object({
      sequence: z.number().int().positive(),
      recordedAt: instantOutput(),
      subjectType: z.enum(['family', 'case']),
      subjectId: z.string(),
      organisationId: z.string(),
      role: z.string().nullable(),
      onBehalfOf: z.object({ organisationId: z.string(), role: z.string().nullable() }).nullable(),
      action: z.string(),
      legalBasis: z.string(),
      legalBasisDescription: z.string(),
      emergency: z.boolean(),
      emergencyReason: z.string().nullable(),
      /** What a command came to (see the search's `outcome`); null for a read. */
      outcome: z.string().nullable(),
    }),
  ),
});

export type FamilyAccessLogExportView = z.infer<typeof familyAccessLogExportSchema>;

export const accessLogVerificationSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    entries: z.number().int().nonnegative(),
    head: z.object({ sequence: z.number().int().nonnegative(), hash: z.string() }),
  }),
  z.object({
    ok: z.literal(false),
    /** The first entry that does not verify; every entry before it does. */
    firstBrokenSequence: z.number().int().positive(),
    reason: z.enum(['hash-mismatch', 'previous-hash-mismatch', 'sequence-gap', 'head-mismatch']),
    entriesChecked: z.number().int().nonnegative(),
  }),
]);

export type AccessLogVerification = z.infer<typeof accessLogVerificationSchema>;

export const emergencyGrantsQuerySchema = z.strictObject({
  reviewed: flag.optional().describe('false: de wachtrij (oudste eerst); true: de beoordeelde (nieuwste eerst); leeg: alle.'),
  page,
  pageSize: pageSizeParam(100, 25),
});

export type EmergencyGrantsQuery = z.output<typeof emergencyGrantsQuerySchema>;

export const emergencyGrantReviewOutcomes = ['justified', 'unjustified'] as const;

export type EmergencyGrantReviewOutcome = (typeof emergencyGrantReviewOutcomes)[number];

export const emergencyGrantSchema = z.object({
  grantId: z.string(),
  userId: z.string(),
  /** The account's name today; null when no enabled account has this id any more. */
  displayName: z.string().nullable(),
  organisationId: z.string(),
  caseId: z.string(),
  reason: z.string(),
  grantedAt: instantOutput(),
  expiresAt: instantOutput(),
  review: z
    .object({
      reviewedBy: z.string(),
      /** The reviewer's account name today; null when no enabled account has this id any more. */
      reviewedByName: z.string().nullable(),
      reviewedAt: instantOutput(),
      outcome: z.enum(emergencyGrantReviewOutcomes).nullable(),
      note: z.string().nullable(),
    })
    .nullable(),
});

export type EmergencyGrantView = z.infer<typeof emergencyGrantSchema>;

export const emergencyGrantPageSchema = pagedSchema(emergencyGrantSchema);

export type EmergencyGrantPage = z.infer<typeof emergencyGrantPageSchema>;

export const grantIdParamSchema = z.strictObject({ grantId: identifier });

export const reviewEmergencyGrantBodySchema = z
  .strictObject({
    outcome: z
      .enum(emergencyGrantReviewOutcomes, { error: 'Kies terecht of onterecht.' })
      .describe('`justified`: de noodtoegang was terecht; `unjustified`: onterecht.'),
    note: storableString()
      .trim()
      .max(1_000, { error: 'Hoogstens 1000 tekens.' })
      .optional()
      .describe('Toelichting; verplicht bij onterecht.'),
  })
  .superRefine((body, context) => {
    if (body.outcome === 'unjustified' && !body.note) {
      context.addIssue({ code: 'custom', path: ['note'], message: 'Licht toe waarom deze noodtoegang onterecht was.' });
    }
  })
  .meta({
    examples: [
      { outcome: 'justified' },
      { outcome: 'unjustified', note: 'Geen acute zorg: de vraag kon wachten tot de regisseur bereikbaar was.' },
    ],
  });

export type ReviewEmergencyGrantBody = z.input<typeof reviewEmergencyGrantBodySchema>;
