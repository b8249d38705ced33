import { DomainError, invalidMailboxAddressMessage } from '@ketenregie/kernel';
import type { CaseStatus, Director, OrganisationRef, PersonRef } from './case.types';

// Codes are stable (clients and tests match on them); messages are Dutch and shown as they are.

/** A professional as the case records them: display names from the account and organisation directories. */
const whoIs = (director: Director): string => `${director.person.name} (${director.organisation.name})`;

const statusLabels: Record<CaseStatus | 'not_opened', string> = {
  not_opened: 'nog niet geopend',
  advice: 'adviesvraag',
  received: 'melding ontvangen',
  acute: 'acuut onveilig',
  in_safety_assessment: 'veiligheidsbeoordeling',
  assessed: 'veiligheidsbeoordeling afgerond, nog geen route gekozen',
  handover_offered: 'overdracht aangeboden',
  handed_over: 'overgedragen aan het lokale team',
  monitoring: 'monitoring',
  conditions_and_follow_up: 'voorwaarden en vervolg',
  under_investigation: 'onderzoek',
  referred_to_child_protection: 'verzoek tot onderzoek bij de Raad voor de Kinderbescherming',
  escalated: 'opgeschaald naar Veilig Thuis',
  de_escalated: 'afgeschaald naar het lokale team',
  closed: 'gesloten',
};

export const caseErrors = {
  notFound: () => new DomainError('case.not-found', 'Deze casus bestaat niet.', { category: 'not-found' }),
  closed: () => new DomainError('case.closed', 'De casus is gesloten; dit kan alleen bij een lopende casus.'),
  invalidTransition: (status: CaseStatus | 'not_opened', action: string) =>
    new DomainError('case.invalid-transition', `${action} kan niet in de huidige fase van de casus (${statusLabels[status]}).`),
  familyMismatch: () => new DomainError('case.family-mismatch', 'Deze casus hoort bij een ander gezin.', { path: 'familyId' }),
  alreadyRegistered: (what: 'report' | 'advice-request', path: string) =>
    new DomainError(
      `case.${what}-already-registered`,
      what === 'report' ? 'Deze melding is al geregistreerd.' : 'Deze adviesvraag is al geregistreerd.',
      { path },
    ),
  anonymousReport: () =>
    new DomainError(
      'case.anonymous-report-not-allowed',
      'Een melding kan niet anoniem worden gedaan; anoniem kan alleen bij een adviesvraag.',
      { path: 'referrer.kind' },
    ),
  required: (path: string) => new DomainError('case.required', 'Dit veld is verplicht.', { path }),
  invalidDate: (path: string) => new DomainError('case.invalid-date', 'Vul een geldige datum in (JJJJ-MM-DD).', { path }),
  dateInFuture: (path: string) => new DomainError('case.date-in-future', 'Deze datum mag niet in de toekomst liggen.', { path }),
  dateInPast: (path: string) => new DomainError('case.date-in-past', 'Deze datum mag niet in het verleden liggen.', { path }),
  invalidEmail: (path: string) => new DomainError('case.invalid-email', invalidMailboxAddressMessage, { path }),
  invalidPostcode: (path: string) =>
    new DomainError('case.invalid-postcode', 'Vul een geldige postcode in, bijvoorbeeld 1234 AB.', { path }),
  duplicateId: (path: string) => new DomainError('case.duplicate-id', 'Dit kenmerk komt meer dan eens voor.', { path }),
  contactRequired: (path: string) =>
    new DomainError(
      'case.referrer-contact-required',
      'Een professionele melder heeft een e-mailadres of telefoonnummer nodig voor terugkoppeling.',
      { path },
    ),
  directoryReferrerUnreachable: () =>
    new DomainError('case.referrer-unreachable', 'Kies het account van de melder of vul een e-mailadres in om de melder uit te nodigen.', {
      path: 'referrer.contact.email',
    }),
  feedbackChannelUnreachable: (channel: 'email' | 'phone' | 'portal') =>
    new DomainError(
      'case.feedback-channel-unreachable',
      channel === 'email'
        ? 'Terugkoppeling per e-mail kan alleen met een e-mailadres. Vul een e-mailadres in of kies een andere manier.'
        : channel === 'phone'
          ? 'Terugkoppeling per telefoon kan alleen met een telefoonnummer. Vul een telefoonnummer in of kies een andere manier.'
          : 'Terugkoppeling in het meldersportaal kan alleen voor een melder met een account. Kies een andere manier.',
      { path: 'referrer.feedbackConsent.channel' },
    ),
  /** Names who directs, so the professional knows whom to ask (or, for Veilig Thuis, that escalating is the way). */
  notDirector: (director: Director) =>
    new DomainError(
      'case.not-director',
      `De regie over deze casus ligt bij ${whoIs(director)}. Alleen de regisseur of een collega uit diens team kan dit doen.`,
      { category: 'forbidden' },
    ),
  notDirectorInPerson: (director: Director) =>
    new DomainError('case.not-director', `Alleen de regisseur zelf, ${whoIs(director)}, kan dit doen.`, { category: 'forbidden' }),
  handoverPending: () =>
    new DomainError('case.handover-pending', 'Er staat een overdracht open; die moet eerst worden geaccepteerd, geweigerd of ingetrokken.'),
  handoverNotPending: () => new DomainError('case.handover-not-pending', 'Er staat geen overdracht open met dit kenmerk.'),
  handoverIdUsed: () => new DomainError('case.handover-id-used', 'Dit kenmerk is al voor een overdracht gebruikt.', { path: 'handoverId' }),
  handoverToCurrentDirector: () =>
    new DomainError('case.handover-to-current-director', 'De ontvanger is al de regisseur van deze casus.', {
      path: 'to.person.personId',
    }),
  notHandoverReceiver: (receiver: { organisation: OrganisationRef; person?: PersonRef }) =>
    new DomainError(
      'case.not-handover-receiver',
      receiver.person
        ? `Alleen de ontvanger van de overdracht, ${whoIs({ person: receiver.person, organisation: receiver.organisation })}, kan deze accepteren of weigeren.`
        : `Alleen een professional van ${receiver.organisation.name}, waaraan de overdracht is aangeboden, kan deze accepteren of weigeren.`,
      { category: 'forbidden' },
    ),
  alreadyDirector: () =>
    new DomainError(
      'case.already-director',
      'U bent al de regisseur van deze casus. Trek de overdracht in, of laat een collega uit het team haar accepteren.',
    ),
  notDirectorOrConditionOwner: (director: Director, owner: OrganisationRef) =>
    new DomainError(
      'case.not-condition-owner',
      `Alleen ${owner.name}, eigenaar van deze voorwaarde, of de regisseur (${whoIs(director)}) en diens team leggen vast of eraan is voldaan.`,
      { category: 'forbidden' },
    ),
  notHandoverOfferer: () =>
    new DomainError('case.not-handover-offerer', 'Alleen wie de overdracht aanbood, kan deze intrekken.', {
      category: 'forbidden',
    }),
  escalationTargetNotVeiligThuis: (path: string) =>
    new DomainError('case.escalation-target-not-veilig-thuis', 'Opschalen kan alleen naar Veilig Thuis.', { path }),
  alreadyWithVeiligThuis: () =>
    new DomainError('case.already-with-veilig-thuis', 'Veilig Thuis heeft de regie al; opschalen is niet nodig.'),
  flagNotFound: () =>
    new DomainError('case.recidivism-flag-not-found', 'Deze recidivesignalering bestaat niet.', {
      category: 'not-found',
    }),
  flagAlreadyAcknowledged: () => new DomainError('case.recidivism-flag-already-acknowledged', 'Deze recidivesignalering is al bevestigd.'),
  flagsUnacknowledged: () =>
    new DomainError('case.recidivism-flag-unacknowledged', 'De regisseur moet eerst de openstaande recidivesignaleringen bevestigen.'),
  assessmentNotFound: () =>
    new DomainError('case.assessment-not-found', 'Deze veiligheidsbeoordeling bestaat niet.', {
      category: 'not-found',
    }),
  assessmentAlreadyStarted: () => new DomainError('case.assessment-already-started', 'De veiligheidsbeoordeling is al gestart.'),
  assessmentNotStarted: () => new DomainError('case.assessment-not-started', 'Start eerst de veiligheidsbeoordeling.'),
  assessmentAlreadyCompleted: () => new DomainError('case.assessment-already-completed', 'De veiligheidsbeoordeling is al afgerond.'),
  assessmentNotCompleted: () =>
    new DomainError(
      'case.assessment-not-completed',
      'Rond eerst de veiligheidsbeoordeling af voordat een route wordt gekozen of de casus wordt gesloten.',
    ),
  investigationNotFound: () => new DomainError('case.investigation-not-found', 'Dit onderzoek bestaat niet.', { category: 'not-found' }),
  investigationNotCompleted: () => new DomainError('case.investigation-not-completed', 'Rond eerst het lopende onderzoek af.'),
  investigationAlreadyCompleted: () => new DomainError('case.investigation-already-completed', 'Dit onderzoek is al afgerond.'),
  idInUse: (what: string, path: string) => new DomainError(`case.${what}-exists`, 'Dit kenmerk is al in gebruik in deze casus.', { path }),
  conditionNotFound: () =>
    new DomainError('case.safety-condition-not-found', 'Deze veiligheidsvoorwaarde bestaat niet.', {
      category: 'not-found',
    }),
  conditionAlreadyMet: () => new DomainError('case.safety-condition-already-met', 'Aan deze veiligheidsvoorwaarde is al voldaan.'),
  partnerNotFound: () =>
    new DomainError('case.chain-partner-not-found', 'Deze ketenpartner is niet bij de casus betrokken.', {
      category: 'not-found',
    }),
  partnerEnded: () => new DomainError('case.chain-partner-ended', 'De betrokkenheid van deze ketenpartner is al beëindigd.'),
  rappelOwnerNotVeiligThuis: () =>
    new DomainError('case.rappel-owner-not-veilig-thuis', 'Rappels worden door Veilig Thuis uitgevoerd.', {
      path: 'owner.organisation.kind',
    }),
  invalidRappelOffsets: () =>
    new DomainError('case.invalid-rappel-offsets', 'Geef de rappelmomenten op als oplopende, positieve aantallen maanden.', {
      path: 'offsetsInMonths',
    }),
  rappelNotFound: () => new DomainError('case.rappel-not-found', 'Deze rappel bestaat niet.', { category: 'not-found' }),
  rappelAlreadyCompleted: () => new DomainError('case.rappel-already-completed', 'Deze rappel is al uitgevoerd.'),
  rappelCancelled: () => new DomainError('case.rappel-cancelled', 'Deze rappel is vervallen omdat de casus is gesloten.'),
  notRappelScheduler: (monitoredBy: Director) =>
    new DomainError(
      'case.not-rappel-scheduler',
      `De rappels na de overdracht plant Veilig Thuis: ${whoIs(monitoredBy)}, die de casus overdroeg, of een collega uit diens team.`,
      { category: 'forbidden' },
    ),
  invalidReceivedAt: () =>
    new DomainError(
      'case.invalid-received-at',
      'Vul het moment van ontvangst in als datum en tijd met tijdzone, bijvoorbeeld 2026-03-06T14:30:00+01:00.',
      {
        path: 'receivedAt',
      },
    ),
  receivedAtInFuture: () =>
    new DomainError('case.received-at-in-future', 'Het moment van ontvangst mag niet in de toekomst liggen.', { path: 'receivedAt' }),
  receivedAtTooOld: (maxDays: number) =>
    new DomainError(
      'case.received-at-too-old',
      `Het moment van ontvangst mag hoogstens ${maxDays} dagen geleden zijn. Registreer een oudere melding met de datum van vandaag en noem de werkelijke datum in de zorg.`,
      { path: 'receivedAt' },
    ),
  closingReasonRequired: () =>
    new DomainError(
      'case.closing-reason-required',
      'De veiligheidsbeoordeling vond onveiligheid en er is geen route gekozen. Leg vast waarom de casus toch wordt gesloten.',
      { path: 'notes' },
    ),
  closureOutcomeNotFitting: (advice: boolean) =>
    new DomainError(
      'case.closure-outcome-not-fitting',
      advice
        ? 'Een casus met alleen adviesvragen sluit met de uitkomst "advies gegeven" (of "anders").'
        : 'Deze uitkomst past niet bij de casus: "advies gegeven" is alleen voor een casus met alleen adviesvragen, en "geen onveiligheid" niet na een beoordeling die onveiligheid vond.',
      { path: 'outcome' },
    ),
  notRappelOwner: () =>
    new DomainError('case.not-rappel-owner', 'Alleen Veilig Thuis (de eigenaar van de rappel) legt de uitkomst vast.', {
      category: 'forbidden',
    }),
  memberNotFound: (path: string) =>
    new DomainError('case.member-not-found', 'Dit gezinslid hoort niet bij het huishouden van deze casus.', { path }),
  sameMember: (path: string) => new DomainError('case.same-member', 'Kies twee verschillende gezinsleden om samen te voegen.', { path }),
  lastMember: () =>
    new DomainError('case.last-member', 'Het huishouden houdt minstens één gezinslid; dit is het laatste.', { path: 'memberId' }),
  signalOnClosedCase: () =>
    new DomainError(
      'case.signal-on-closed-case',
      'Deze casus is gesloten. Maakt u zich (weer) zorgen? Doe dan een nieuwe melding bij Veilig Thuis.',
    ),
  signalKindNotFitting: (source: 'referrer' | 'chain-partner') =>
    new DomainError(
      'case.signal-kind-not-fitting',
      source === 'referrer'
        ? 'Als melder kunt u melden dat de hulp stagneert of dat u nieuwe zorgen heeft.'
        : 'Als ketenpartner kunt u melden dat uw taak stagneert of dat het gezin niet meer meewerkt.',
      { path: 'kind' },
    ),
  reportNotFound: () =>
    new DomainError('case.report-not-found', 'Deze melding hoort niet bij deze casus.', { path: 'reportId', category: 'not-found' }),
  noTaskInCase: () =>
    new DomainError('case.no-task-in-case', 'Uw organisatie heeft geen taak in het plan van deze casus.', { category: 'forbidden' }),
  textTooLong: (path: string, max: number) => new DomainError('case.text-too-long', `Gebruik hoogstens ${max} tekens.`, { path }),
  signalNotFound: () => new DomainError('case.signal-not-found', 'Dit signaal bestaat niet.', { category: 'not-found' }),
  signalAlreadyAcknowledged: () => new DomainError('case.signal-already-acknowledged', 'Dit signaal is al gezien.'),
  separationForKnownCase: () =>
    new DomainError('case.separation-for-known-case', 'Apart houden van een bekend gezin kan alleen bij het openen van een nieuwe casus.', {
      path: 'separateFrom',
    }),
};
