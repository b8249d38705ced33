import { z } from 'zod';
import { optionalEmail, optionalId, optionalText, storableString, text, unstorableTextCheck } from '../text';

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
  error: 'Kies Veilig Thuis, een lokaal team of een andere organisatie.',
});

export const organisationRefInputSchema = z.strictObject({
  organisationId: text(200).describe('De code van de organisatie in het organisatieoverzicht van de regio.'),
  name: text(200).describe('De naam van de organisatie.'),
  kind: organisationKindInputSchema.describe(
    'Soort organisatie: `veilig-thuis`, `local-team` (lokaal team) of `other` (andere organisatie).',
  ),
});

/**
 * A professional by their account id. The display name is taken from the account directory, never
 * from the body: `name` is still accepted so older clients keep working, and ignored. For a person
 * of an organisation the directory does not know (a school, a GP practice owning a condition) the
 * name is required, since no directory can supply it.
 */
export const personRefInputSchema = z.strictObject({
  personId: text(200).describe('Het accountnummer van de professional.'),
  name: optionalText(200).describe('Naam van de professional; alleen nodig bij een organisatie die het accountoverzicht niet kent.'),
});

export const directorInputSchema = z.strictObject({
  person: personRefInputSchema.describe('De professional.'),
  organisation: organisationRefInputSchema.describe('De organisatie waarvoor de professional werkt.'),
});

/** A hand-over's receiver: an organisation, and optionally one professional of it (who must exist there). */
export const handoverReceiverInputSchema = z.strictObject({
  person: personRefInputSchema.optional().describe('Eén professional van die organisatie; leeg: het hele team.'),
  organisation: organisationRefInputSchema.describe('De organisatie die de regie krijgt.'),
});

/**
 * When an intake was received, as an RFC 3339 date-time with offset: a phone report typed in later
 * keeps the moment it was received, and its deadlines run from it. The domain refuses a moment in
 * the future or more than 30 days back (422); a malformed value is a 400 here.
 */
export const receivedAtInputSchema = z.iso
  .datetime({
    offset: true,
    error: 'Gebruik een tijdstip met tijdzone, bijvoorbeeld 2026-03-06T14:30:00+01:00.',
  })
  .check(unstorableTextCheck);

export const ownerInputSchema = z.strictObject({
  organisation: organisationRefInputSchema.describe('De organisatie die eigenaar is.'),
  person: personRefInputSchema.optional().describe('De professional die eigenaar is; leeg: de organisatie als geheel.'),
});

export const contactDetailsInputSchema = z.strictObject({
  email: optionalEmail().describe('E-mailadres: één adres, zoals naam@organisatie.nl.'),
  phone: optionalText(50).describe('Telefoonnummer.'),
});

export const feedbackChannelInputSchema = z.enum(['email', 'portal', 'phone'], {
  error: 'Kies hoe de melder terugkoppeling krijgt: per e-mail, in het meldersportaal of per telefoon.',
});

export const feedbackConsentInputSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('granted').describe('De melder wil terugkoppeling.'),
      channel: feedbackChannelInputSchema.describe(
        'Hoe: `email` (per e-mail, met een link naar het meldersportaal), `portal` (alleen in het meldersportaal, voor een melder met een account) of `phone` (een professional belt).',
      ),
    }),
    z.strictObject({ kind: z.literal('declined').describe('De melder wil geen terugkoppeling.') }),
  ],
  { error: 'Kies of de melder terugkoppeling wil.' },
);

// Recorded on every intake; an older client that does not send them gets the stated defaults
// (feedback on the address given, and the family is not told who reported).
const referrerTerms = {
  feedbackConsent: feedbackConsentInputSchema
    .optional()
    .describe('Of de melder terugkoppeling krijgt, en hoe. Leeg: per e-mail als er een e-mailadres is, anders per telefoon.'),
  namingEndangers: z
    .boolean({ error: 'Kies ja of nee.' })
    .optional()
    .describe('Brengt het de melder in gevaar als het gezin hoort wie de melding deed? Leeg: ja, het gezin hoort het niet.'),
};

export const referrerInputSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('professional').describe('Een professional van een organisatie buiten het organisatieoverzicht meldt.'),
      name: text(200).describe('Naam van de melder.'),
      organisation: text(200).describe('Organisatie van de melder.'),
      role: text(200).describe('Functie van de melder.'),
      contact: contactDetailsInputSchema.describe(
        'Hoe de melder te bereiken is (voor de terugkoppeling): e-mailadres en/of telefoonnummer.',
      ),
      ...referrerTerms,
    }),
    z.strictObject({
      kind: z.literal('directory-professional').describe('Een professional van een organisatie uit het organisatieoverzicht meldt.'),
      organisationId: text(200).describe('De code van de organisatie van de melder in het organisatieoverzicht.'),
      personId: optionalText(200).describe(
        'Het account (rol melder) van de professional; leeg: de melder krijgt een uitnodiging per e-mail.',
      ),
      contact: contactDetailsInputSchema
        .default({})
        .describe('Hoe de melder te bereiken is: het e-mailadres voor de terugkoppeling of de uitnodiging is verplicht zonder account.'),
      role: optionalText(200).describe('Functie van de melder.'),
      ...referrerTerms,
    }),
    z.strictObject({
      kind: z.literal('citizen').describe('Een burger meldt.'),
      name: text(200).describe('Naam van de melder.'),
      relationToFamily: optionalText(200).describe('Relatie van de melder met het gezin, bijvoorbeeld buurvrouw.'),
      contact: contactDetailsInputSchema.default({}).describe('Hoe de melder te bereiken is (voor de terugkoppeling).'),
      ...referrerTerms,
    }),
    z.strictObject({
      kind: z.literal('informant').describe('Iemand geeft alleen informatie en krijgt geen terugkoppeling.'),
      name: optionalText(200).describe('Naam van de informant.'),
      relationToFamily: optionalText(200).describe('Relatie van de informant met het gezin.'),
      namingEndangers: referrerTerms.namingEndangers,
    }),
    z.strictObject({ kind: z.literal('anonymous').describe('De melder blijft anoniem.') }),
  ],
  { error: 'Kies wie er meldt.' },
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
  street: optionalText(200).describe('Straatnaam.'),
  houseNumber: text(20).describe('Huisnummer.'),
  houseNumberAddition: optionalText(20).describe('Toevoeging aan het huisnummer, bijvoorbeeld A.'),
  postcode: text(20).describe('Postcode, als 1234 AB.'),
  city: optionalText(200).describe('Woonplaats.'),
  municipality: text(200).describe('Gemeente; bepaalt de regio van Veilig Thuis.'),
});

export const householdMemberInputSchema = z.strictObject({
  memberId: optionalId.describe('Eigen nummer voor dit gezinslid; leeg: de server kiest er een.'),
  role: z.enum(['adult', 'child'], { error: 'Kies volwassene of kind.' }).describe('`adult` (volwassene) of `child` (kind).'),
  name: z
    .strictObject({
      givenNames: text(200).describe('Voornamen.'),
      prefix: optionalText(50).describe('Tussenvoegsel, bijvoorbeeld van der.'),
      familyName: text(200).describe('Achternaam.'),
    })
    .describe('De naam van het gezinslid.'),
  /** Unknown dates of birth are common at intake (a neighbour reports "the children next door"). */
  dateOfBirth: calendarDateInputSchema.nullable().default(null).describe('Geboortedatum (JJJJ-MM-DD); leeg als die niet bekend is.'),
  address: addressInputSchema.optional().describe('Eigen adres, als het gezinslid ergens anders woont dan het gezin.'),
});

export const householdInputSchema = z.strictObject({
  address: addressInputSchema.describe('Het adres van het gezin.'),
  members: z
    .array(householdMemberInputSchema)
    .min(1, { error: 'Voeg minstens één gezinslid toe.' })
    .max(50)
    .describe('De gezinsleden: minstens één.'),
});

export const separateFromInputSchema = z.strictObject({
  caseIds: z
    .array(storableString().min(1, { error: required }).max(100, { error: 'Maximaal 100 tekens.' }))
    .min(1, { error: required })
    .max(20)
    .describe('De casussen uit `matchedCaseIds` van het eerdere 409-antwoord.'),
  reason: text().describe('Waarom dit een ander gezin is.'),
});

const intakeFields = {
  /** Family-link decision after the search: the matched family's case... */
  caseId: storableString()
    .min(1)
    .max(100)
    .optional()
    .describe('De casus van het gevonden gezin (na zoeken); of `newFamily`, niet allebei.'),
  /** ...or, deliberately, a new family. Exactly one of the two. */
  newFamily: z
    .literal(true, { error: 'Laat dit weg, of kies bewust een nieuw gezin.' })
    .optional()
    .describe('`true`: bewust een nieuw gezin; of `caseId`, niet allebei.'),
  referrer: referrerInputSchema.describe(
    'Wie meldt: een professional (uit het organisatieoverzicht of daarbuiten), een burger, een informant of anoniem.',
  ),
  sourceCategory: sourceCategoryInputSchema.describe('Uit welke hoek de melding komt.'),
  formsOfViolence: z
    .array(formOfViolenceInputSchema)
    .min(1, { error: 'Kies minstens één vorm van geweld.' })
    .describe('De vormen van geweld waar het om gaat: minstens één.'),
  concern: text(10_000).describe('De zorg, in de woorden van de melder.'),
  household: householdInputSchema.describe('Het gezin: adres en gezinsleden.'),
  /** The professional who takes the intake; must be the signed-in user. Becomes director of a new case. */
  receivedBy: directorInputSchema.describe('Wie de melding aanneemt: de aangemelde gebruiker. Wordt regisseur van een nieuwe casus.'),
  /**
   * With `newFamily`: open a new case although the exact check knows someone in the household,
   * because a Veilig Thuis professional judged it another family than these cases (from the
   * 409's `matchedCaseIds`), and says why.
   */
  separateFrom: separateFromInputSchema
    .optional()
    .describe('Alleen met `newFamily`: een Veilig Thuis-professional houdt dit gezin bewust apart van deze bekende casussen.'),
  /** Default: the moment the server registers the intake. */
  receivedAt: receivedAtInputSchema.optional().describe('Wanneer de melding binnenkwam, met tijdzone; leeg: nu.'),
};

type FamilyLink = { caseId?: string; newFamily?: true; separateFrom?: unknown };

// Search-before-create: the client must say which it chose, so a new case is never the silent default.
const requireFamilyLink = (body: FamilyLink, context: z.core.$RefinementCtx): void => {
  if ((body.caseId === undefined) === (body.newFamily === undefined)) {
    context.addIssue({
      code: 'custom',
      path: ['caseId'],
      message: 'Kies een bekend gezin of een nieuw gezin, niet allebei.',
    });
  }
  if (body.separateFrom !== undefined && body.newFamily === undefined) {
    context.addIssue({ code: 'custom', path: ['separateFrom'], message: 'Apart houden kan alleen bij een nieuw gezin.' });
  }
};

export const registerReportBodySchema = z
  .strictObject({ ...intakeFields, reportId: optionalId.describe('Eigen nummer voor de melding; leeg: de server kiest er een.') })
  .superRefine(requireFamilyLink)
  .meta({
    examples: [
      {
        newFamily: true,
        referrer: {
          kind: 'professional',
          name: 'J. de Vries',
          organisation: 'Basisschool De Linde',
          role: 'Intern begeleider',
          contact: { email: 'j.devries@delinde.example', phone: '0183 123456' },
        },
        sourceCategory: 'education-childcare',
        formsOfViolence: ['child-abuse'],
        concern: 'Sem komt de laatste weken vaker met blauwe plekken op school.',
        household: {
          address: { street: 'Dorpsstraat', houseNumber: '12', postcode: '4201 AB', city: 'Gorinchem', municipality: 'Gorinchem' },
          members: [
            { role: 'adult', name: { givenNames: 'Anna', familyName: 'Jansen' }, dateOfBirth: '1988-04-02' },
            { role: 'child', name: { givenNames: 'Sem', familyName: 'Jansen' }, dateOfBirth: '2017-09-15' },
          ],
        },
        receivedBy: {
          person: { personId: 'vt-anna' },
          organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' },
        },
      },
    ],
  });

export const registerAdviceRequestBodySchema = z
  .strictObject({
    ...intakeFields,
    adviceRequestId: optionalId.describe('Eigen nummer voor de adviesvraag; leeg: de server kiest er een.'),
  })
  .superRefine(requireFamilyLink)
  .meta({
    examples: [
      {
        newFamily: true,
        referrer: {
          kind: 'professional',
          name: 'J. de Vries',
          organisation: 'Basisschool De Linde',
          role: 'Intern begeleider',
          contact: { email: 'j.devries@delinde.example', phone: '0183 123456' },
        },
        sourceCategory: 'education-childcare',
        formsOfViolence: ['child-abuse'],
        concern: 'Sem komt de laatste weken vaker met blauwe plekken op school.',
        household: {
          address: { street: 'Dorpsstraat', houseNumber: '12', postcode: '4201 AB', city: 'Gorinchem', municipality: 'Gorinchem' },
          members: [
            { role: 'adult', name: { givenNames: 'Anna', familyName: 'Jansen' }, dateOfBirth: '1988-04-02' },
            { role: 'child', name: { givenNames: 'Sem', familyName: 'Jansen' }, dateOfBirth: '2017-09-15' },
          ],
        },
        receivedBy: {
          person: { personId: 'vt-anna' },
          organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' },
        },
      },
    ],
  });

/** The director's correction of two members who are one person; removing a member takes a `reasonBodySchema`. */
export const mergeMembersBodySchema = z
  .strictObject({
    survivingMemberId: text(100).describe('Het gezinslid dat blijft.'),
    mergedMemberId: text(100).describe('Het gezinslid dat in het andere opgaat.'),
    reason: text().describe('Waarom dit één persoon is.'),
  })
  .meta({
    examples: [
      { survivingMemberId: 'lid-1', mergedMemberId: 'lid-3', reason: 'Dezelfde persoon, twee keer ingevoerd met een andere schrijfwijze.' },
    ],
  });

export const phaseInputSchema = z.enum(['immediate-safety', 'stable-safety', 'recovery'], {
  error: 'Kies directe veiligheid, stabiele veiligheid of herstel.',
});

/** For commands whose only input is the path (accept, start): an empty JSON object or no body. */
export const emptyBodySchema = z.strictObject({}).meta({ examples: [{}] });

export const reasonBodySchema = z
  .strictObject({ reason: text().describe('De reden, in een paar woorden.') })
  .meta({ examples: [{ reason: 'Ten onrechte ingevoerd.' }] });

export const offerHandoverBodySchema = z
  .strictObject({
    handoverId: optionalId.describe('Eigen nummer voor het aanbod; leeg: de server kiest er een.'),
    to: handoverReceiverInputSchema.describe('Aan wie de regie wordt aangeboden.'),
    reason: text().describe('Waarom de regie over moet.'),
    phase: phaseInputSchema.describe('In welke fase de casus wordt overgedragen.'),
  })
  .meta({
    examples: [
      {
        to: { organisation: { organisationId: 'lt-gorinchem', name: 'Sociaal team Gorinchem', kind: 'local-team' } },
        reason: 'Veiligheid is stabiel; het lokale team neemt de regie over.',
        phase: 'stable-safety',
      },
    ],
  });

export const escalateCaseBodySchema = offerHandoverBodySchema.meta({
  examples: [
    {
      to: { organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' } },
      reason: 'Ondanks de afspraken opnieuw geweld; het lokale team kan de veiligheid niet meer borgen.',
      phase: 'immediate-safety',
    },
  ],
});

export const changePhaseBodySchema = z
  .strictObject({
    phase: phaseInputSchema.describe('De nieuwe fase: `immediate-safety`, `stable-safety` of `recovery`.'),
    reason: text().describe('Waarom de fase verandert.'),
  })
  .meta({ examples: [{ phase: 'recovery', reason: 'De veiligheidsvoorwaarden worden al drie maanden nagekomen.' }] });

export const chainPartnerRoleInputSchema = z.enum(
  ['aid-provider', 'youth-protection', 'police', 'education', 'health', 'housing', 'other'],
  { error: 'Kies een rol uit de lijst.' },
);

export const registerChainPartnerBodySchema = z
  .strictObject({
    partnerId: optionalId.describe('Eigen nummer voor de betrokkenheid; leeg: de server kiest er een.'),
    organisation: organisationRefInputSchema.describe('De organisatie van de ketenpartner.'),
    contact: z
      .strictObject({
        personId: text(200).describe('Accountnummer of eigen kenmerk van de contactpersoon.'),
        name: text(200).describe('Naam van de contactpersoon.'),
        email: optionalEmail().describe('E-mailadres van de contactpersoon: één adres, zoals naam@organisatie.nl.'),
        phone: optionalText(50).describe('Telefoonnummer van de contactpersoon.'),
      })
      .optional()
      .describe('De contactpersoon bij de ketenpartner.'),
    role: chainPartnerRoleInputSchema.describe('De rol van de ketenpartner in deze casus.'),
    task: text().describe('Wat de ketenpartner doet.'),
  })
  .meta({
    examples: [
      {
        organisation: { organisationId: 'jeugdhulp-zhz', name: 'Jeugdhulp Zuid-Holland Zuid', kind: 'other' },
        role: 'aid-provider',
        task: 'Gezinsbehandeling, wekelijks.',
      },
    ],
  });

export const registerAcuteUnsafetyBodySchema = z
  .strictObject({ measures: text().describe('De maatregelen die zijn genomen.') })
  .meta({ examples: [{ measures: 'Politie ter plaatse; kinderen tijdelijk bij de grootouders.' }] });

export const completeSafetyAssessmentBodySchema = z
  .strictObject({
    acuteUnsafety: z.boolean({ error: 'Kies ja of nee.' }).describe('Is er acute onveiligheid?'),
    structuralUnsafety: z.boolean({ error: 'Kies ja of nee.' }).describe('Is er structurele onveiligheid?'),
  })
  .meta({ examples: [{ acuteUnsafety: false, structuralUnsafety: true }] });

export const startInvestigationBodySchema = z
  .strictObject({
    investigationId: optionalId.describe('Eigen nummer voor het onderzoek; leeg: de server kiest er een.'),
  })
  .meta({ examples: [{}] });

export const completeInvestigationBodySchema = z
  .strictObject({ conclusion: text(10_000).describe('De conclusie van het onderzoek.') })
  .meta({ examples: [{ conclusion: 'Er is sprake van structurele onveiligheid; vrijwillige hulp is mogelijk.' }] });

export const closureOutcomeInputSchema = z.enum(
  ['no-unsafety-found', 'safety-established', 'continued-in-voluntary-care', 'child-protection-measure', 'advice-given', 'other'],
  { error: 'Kies een uitkomst uit de lijst.' },
);

export const closeCaseBodySchema = z
  .strictObject({
    outcome: closureOutcomeInputSchema.describe('Hoe de casus afloopt.'),
    notes: optionalText(10_000).describe('Toelichting.'),
  })
  .meta({ examples: [{ outcome: 'safety-established', notes: 'Veiligheid is hersteld en blijft stabiel.' }] });

export const addSafetyConditionBodySchema = z
  .strictObject({
    conditionId: optionalId.describe('Eigen nummer voor de voorwaarde; leeg: de server kiest er een.'),
    text: text().describe('De voorwaarde, zoals het gezin en de partners haar lezen.'),
    owner: ownerInputSchema.describe('Wie de voorwaarde bewaakt.'),
    dueOn: calendarDateInputSchema.describe('Uiterlijk op deze dag (JJJJ-MM-DD) vervuld.'),
  })
  .meta({
    examples: [
      {
        text: 'Er wordt in huis niet geslagen.',
        owner: { organisation: { organisationId: 'lt-gorinchem', name: 'Sociaal team Gorinchem', kind: 'local-team' } },
        dueOn: '2027-03-01',
      },
    ],
  });

export const reviseSafetyConditionBodySchema = z
  .strictObject({
    text: text().describe('De nieuwe tekst van de voorwaarde.'),
    owner: ownerInputSchema.describe('Wie de voorwaarde bewaakt.'),
    dueOn: calendarDateInputSchema.describe('Uiterlijk op deze dag (JJJJ-MM-DD) vervuld.'),
    reason: text().describe('Waarom de voorwaarde wordt herzien.'),
  })
  .meta({
    examples: [
      {
        text: 'Er wordt in huis niet geslagen of gedreigd.',
        owner: { organisation: { organisationId: 'lt-gorinchem', name: 'Sociaal team Gorinchem', kind: 'local-team' } },
        dueOn: '2027-06-01',
        reason: 'Ook dreigen hoort erbij.',
      },
    ],
  });

export const recordSafetyConditionStatusBodySchema = z
  .strictObject({
    status: z
      .enum(['met', 'not-met'], { error: 'Kies nagekomen of niet nagekomen.' })
      .describe('`met`: nagekomen; `not-met`: niet nagekomen.'),
    notes: optionalText(10_000).describe('Toelichting.'),
  })
  .meta({ examples: [{ status: 'met', notes: 'Bevestigd in het huisbezoek.' }] });

export const planPartInputSchema = z.enum(['safety', 'aid', 'recovery'], { error: 'Kies veiligheid, hulp of herstel.' });

export const planAgreementInputSchema = z.strictObject({
  agreementId: text(100).describe('Nummer van de afspraak; een nieuw nummer voegt een afspraak toe.'),
  text: text().describe('De afspraak.'),
  owner: ownerInputSchema.describe('Wie de afspraak uitvoert.'),
  dueOn: calendarDateInputSchema.optional().describe('Uiterlijk op deze dag (JJJJ-MM-DD).'),
});

export const updatePlanPartBodySchema = z
  .strictObject({
    description: storableString().max(10_000, { error: 'Maximaal 10000 tekens.' }).describe('Beschrijving van dit deel van het plan.'),
    agreements: z.array(planAgreementInputSchema).max(100).describe('Alle afspraken van dit deel; wat ontbreekt vervalt.'),
  })
  .meta({
    examples: [
      {
        description: 'Hulp bij opvoeding en bij de schulden.',
        agreements: [
          {
            agreementId: 'afspraak-1',
            text: 'Wekelijks gesprek met de gezinscoach.',
            owner: { organisation: { organisationId: 'lt-gorinchem', name: 'Sociaal team Gorinchem', kind: 'local-team' } },
            dueOn: '2027-02-01',
          },
        ],
      },
    ],
  });

export const scheduleRappelsBodySchema = z
  .strictObject({
    scheduleId: optionalId.describe('Eigen nummer voor de planning; leeg: de server kiest er een.'),
    owner: directorInputSchema.describe('Wie de rappels doet.'),
    /** Per-case override of the region's default schedule (months after the hand-over). */
    offsetsInMonths: z
      .array(z.number().int().positive().max(120))
      .min(1)
      .max(24)
      .optional()
      .describe('Na hoeveel maanden elke rappel komt; leeg: het schema van de regio.'),
  })
  .meta({
    examples: [
      {
        owner: {
          person: { personId: 'vt-anna' },
          organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' },
        },
        offsetsInMonths: [3, 6, 12],
      },
    ],
  });

export const rescheduleRappelBodySchema = z
  .strictObject({
    dueOn: calendarDateInputSchema.describe('De nieuwe dag van de rappel (JJJJ-MM-DD), vandaag of later.'),
    reason: text().describe('Waarom de rappel verschuift.'),
  })
  .meta({ examples: [{ dueOn: '2026-06-16', reason: 'Gezin is die week op vakantie.' }] });

export const rappelOutcomeInputSchema = z.enum(['safe', 'concerns', 'unsafe'], { error: 'Kies veilig, zorgen of onveilig.' });

export const recordRappelOutcomeBodySchema = z
  .strictObject({
    outcome: rappelOutcomeInputSchema.describe('`safe` (veilig), `concerns` (zorgen) of `unsafe` (onveilig; de regie gaat terug).'),
    notes: optionalText(10_000).describe('Toelichting.'),
  })
  .meta({ examples: [{ outcome: 'safe', notes: 'Gezin ervaart geen geweld meer.' }] });

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
export type RescheduleRappelBody = z.input<typeof rescheduleRappelBodySchema>;
export type CaseCommandResult = z.infer<typeof caseCommandResultSchema>;
