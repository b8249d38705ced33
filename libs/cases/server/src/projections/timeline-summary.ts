import type { TimelineKind } from '@ketenregie/contracts';
import { registeredAtOf } from '@ketenregie/cases-domain';
import type {
  FeedbackMilestone,
  CaseEvent,
  SignalRaised,
  CaseStatus,
  ChainPartnerRole,
  ClosureOutcome,
  Director,
  FormOfViolence,
  HandoverKind,
  HandoverReceiver,
  IntakeMoments,
  Owner,
  Phase,
  PlanPart,
  RappelOutcome,
  ReportClassification,
  SourceCategory,
} from '@ketenregie/cases-domain';
import { toAmsterdamDate } from '@ketenregie/kernel';

// Summaries are for professionals scrolling a case's history. They name professionals and
// organisations but never the family's members, the concern, reasons or notes: those are free
// text that may hold special-category data, and stay behind the case detail's access rules.

const months = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

export const dutchDate = (date: string): string => {
  const [year, month, day] = date.split('-').map(Number);
  return `${day} ${months[month - 1] ?? ''} ${year}`;
};

const classification: Record<ReportClassification, string> = {
  first: 'eerste melding',
  'follow-up': 'vervolgmelding',
  repeat: 'hermelding',
};

const source: Record<SourceCategory, string> = {
  'education-childcare': 'onderwijs/kinderopvang',
  police: 'politie',
  'gp-health': 'huisarts/gezondheidszorg',
  'youth-health-care': 'jeugdgezondheidszorg',
  housing: 'woningcorporatie',
  citizen: 'burger',
  other: 'overig',
};

const violence: Record<FormOfViolence, string> = {
  'child-abuse': 'kindermishandeling',
  'partner-violence': 'partnergeweld',
  'elder-abuse': 'ouderenmishandeling',
  'complex-divorce': 'complexe scheiding',
  'honour-related': 'eergerelateerd geweld',
  'sexual-violence': 'seksueel geweld',
};

const phase: Record<Phase, string> = {
  'immediate-safety': 'directe veiligheid',
  'stable-safety': 'stabiele veiligheid',
  recovery: 'herstel',
};

const handoverKind: Record<HandoverKind, string> = {
  'de-escalation': 'afschaling',
  escalation: 'opschaling',
  transfer: 'overdracht',
};

const outcome: Record<ClosureOutcome, string> = {
  'no-unsafety-found': 'geen onveiligheid vastgesteld',
  'safety-established': 'veiligheid gerealiseerd',
  'continued-in-voluntary-care': 'voortgezet in het vrijwillig kader',
  'child-protection-measure': 'kinderbeschermingsmaatregel',
  'advice-given': 'advies gegeven',
  other: 'overig',
};

const rappelOutcome: Record<RappelOutcome, string> = { safe: 'veilig', concerns: 'zorgen', unsafe: 'onveilig' };

const feedbackMoment: Record<FeedbackMilestone, string> = {
  'report-received': 'melding ontvangen',
  'safety-assessment-done': 'veiligheidsbeoordeling klaar',
  'handed-over': 'zorg overgedragen',
  'investigation-finished': 'onderzoek klaar',
  'case-closed': 'dossier gesloten',
};

const planPart: Record<PlanPart, string> = { safety: 'veiligheid', aid: 'hulp', recovery: 'herstel' };

const partnerRole: Record<ChainPartnerRole, string> = {
  'aid-provider': 'hulpverlener',
  'youth-protection': 'jeugdbescherming',
  police: 'politie',
  education: 'onderwijs',
  health: 'gezondheidszorg',
  housing: 'wonen',
  other: 'overig',
};

export const statusLabel: Record<CaseStatus, string> = {
  advice: 'advies',
  received: 'ontvangen',
  acute: 'acuut',
  in_safety_assessment: 'in veiligheidsbeoordeling',
  assessed: 'beoordeeld, route nog te kiezen',
  handover_offered: 'overdracht aangeboden',
  handed_over: 'overgedragen',
  monitoring: 'monitoring',
  conditions_and_follow_up: 'voorwaarden en vervolg',
  under_investigation: 'in onderzoek',
  referred_to_child_protection: 'verzoek tot onderzoek Raad voor de Kinderbescherming',
  escalated: 'opgeschaald',
  de_escalated: 'afgeschaald',
  closed: 'afgesloten',
};

const who = (director: Director): string => `${director.person.name} (${director.organisation.name})`;

const receiver = (value: HandoverReceiver): string =>
  value.person ? who({ person: value.person, organisation: value.organisation }) : `het team van ${value.organisation.name}`;

/** Said only when an intake was typed in on a later day than it was received. */
const typedInLater = (data: IntakeMoments): string => {
  const receivedOn = toAmsterdamDate(new Date(data.receivedAt));
  const registeredOn = toAmsterdamDate(new Date(registeredAtOf(data)));
  return registeredOn === receivedOn ? '' : ` Ontvangen op ${dutchDate(receivedOn)}, ingevoerd op ${dutchDate(registeredOn)}.`;
};

const owner = (value: Owner): string => (value.person ? `${value.person.name} (${value.organisation.name})` : value.organisation.name);

const forms = (list: FormOfViolence[]): string => list.map((form) => violence[form]).join(', ');

/** A signal asks the director to act, so it is listed with who directs and with whom (`direction`). */
export const timelineKind = (event: CaseEvent): TimelineKind => {
  switch (event.type) {
    case 'cases.case-opened':
    case 'cases.advice-request-received':
    case 'cases.report-received':
    case 'cases.case-reopened':
    case 'cases.family-kept-separate':
    case 'cases.members-merged':
    case 'cases.member-removed':
      return 'intake';
    case 'cases.recidivism-flag-raised':
    case 'cases.recidivism-flag-acknowledged':
      return 'recidivism';
    case 'cases.handover-offered':
    case 'cases.handover-accepted':
    case 'cases.handover-declined':
    case 'cases.handover-withdrawn':
    case 'cases.case-escalated':
    case 'cases.phase-changed':
    case 'cases.chain-partner-registered':
    case 'cases.chain-partner-involvement-ended':
    case 'cases.signal-raised':
    case 'cases.signal-acknowledged':
      return 'direction';
    case 'cases.acute-unsafety-registered':
    case 'cases.safety-assessment-started':
    case 'cases.safety-assessment-completed':
      return 'assessment';
    case 'cases.conditions-and-follow-up-started':
    case 'cases.investigation-started':
    case 'cases.investigation-completed':
    case 'cases.child-protection-investigation-requested':
    case 'cases.case-closed':
    case 'cases.feedback-requested':
      // Telling the referrer belongs to the route the case took.
      return 'route';
    case 'cases.safety-condition-added':
    case 'cases.safety-condition-revised':
    case 'cases.safety-condition-status-recorded':
    case 'cases.plan-part-updated':
      return 'plan';
    case 'cases.rappels-scheduled':
    case 'cases.rappel-rescheduled':
    case 'cases.rappel-completed':
      return 'rappel';
    case 'cases.safety-assessment-overdue':
    case 'cases.investigation-overdue':
    case 'cases.rappel-became-due':
    case 'cases.rappel-became-overdue':
      return 'deadline';
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
};

/** A steering decision a colleague took for the director says so (ADR 0008). */
export const timelineSummary = (event: CaseEvent): string => {
  const onBehalfOf = (event.data as { onBehalfOf?: Director }).onBehalfOf;
  const summary = eventSummary(event);
  return onBehalfOf ? `${summary} Namens ${who(onBehalfOf)}.` : summary;
};

const eventSummary = (event: CaseEvent): string => {
  switch (event.type) {
    case 'cases.case-opened':
      return `Casus geopend na ${event.data.openedWith === 'report' ? 'een melding' : 'een adviesvraag'}; regie bij ${who(event.data.director)}.`;
    case 'cases.advice-request-received':
      return `Adviesvraag ontvangen (bron: ${source[event.data.sourceCategory]}; ${forms(event.data.formsOfViolence)}).${typedInLater(event.data)}`;
    case 'cases.report-received':
      return `Melding ontvangen als ${classification[event.data.classification]} (bron: ${source[event.data.sourceCategory]}; ${forms(event.data.formsOfViolence)}); veiligheidsbeoordeling uiterlijk ${dutchDate(event.data.assessmentDueOn)}.${typedInLater(event.data)}`;
    case 'cases.case-reopened':
      return `Casus heropend na een nieuwe melding; eerdere uitkomst: ${outcome[event.data.previousOutcome]}; regie bij ${who(event.data.director)}.`;
    case 'cases.recidivism-flag-raised': {
      const earlier =
        event.data.earlierInvolvement.kind === 'ended'
          ? `eerdere bemoeienis afgesloten op ${dutchDate(event.data.earlierInvolvement.closedOn)} (${outcome[event.data.earlierInvolvement.outcome]})`
          : `Veilig Thuis is nog betrokken (${statusLabel[event.data.earlierInvolvement.status]})`;
      return `Recidivesignaal: ${classification[event.data.classification]}; ${earlier}; eerdere regisseur ${who(event.data.earlierDirector)}. Te bevestigen door ${who(event.data.director)}.`;
    }
    case 'cases.recidivism-flag-acknowledged':
      return `Recidivesignaal bevestigd door ${event.data.acknowledgedBy.name}.`;
    case 'cases.family-kept-separate':
      return `Nieuw gezin geopend, hoewel een gezinslid bekend is: beoordeeld als een ander gezin dan ${
        event.data.separateFromCaseIds.length === 1 ? 'casus' : 'de casussen'
      } ${event.data.separateFromCaseIds.join(', ')}; de reden is vastgelegd.`;
    case 'cases.members-merged':
      return `Twee gezinsleden samengevoegd tot één persoon (${event.data.survivingMemberId} houdt ook de schrijfwijzen van ${event.data.mergedMemberId}); de reden is vastgelegd.`;
    case 'cases.member-removed':
      return `Een ${event.data.role === 'child' ? 'kind' : 'volwassene'} (${event.data.memberId}) is als ten onrechte ingevoerd uit het huishouden verwijderd; de reden is vastgelegd.`;
    case 'cases.handover-offered':
      return `${capitalise(handoverKind[event.data.kind])} aangeboden door ${who(event.data.from)} aan ${receiver(event.data.to)} (fase: ${phase[event.data.phase]}).`;
    case 'cases.handover-accepted':
      return `${capitalise(handoverKind[event.data.kind])} aanvaard: regie nu bij ${who(event.data.to)} (fase: ${phase[event.data.phase]}).`;
    case 'cases.handover-declined':
      return 'Overdracht geweigerd; de regie blijft bij de huidige regisseur.';
    case 'cases.handover-withdrawn':
      return 'Overdracht ingetrokken; de regie blijft bij de huidige regisseur.';
    case 'cases.case-escalated': {
      const trigger =
        event.data.trigger === 'rappel-unsafe'
          ? 'na een onveilige rappel'
          : event.data.trigger === 'taken-over'
            ? 'door overname door Veilig Thuis'
            : 'na een aanvaarde overdracht';
      return `Opgeschaald ${trigger}: regie nu bij ${who(event.data.to)} (fase: ${phase[event.data.phase]}).`;
    }
    case 'cases.phase-changed':
      return `Fase gewijzigd naar ${phase[event.data.phase]}.`;
    case 'cases.chain-partner-registered':
      return `Ketenpartner ${event.data.organisation.name} betrokken als ${partnerRole[event.data.role]}.`;
    case 'cases.chain-partner-involvement-ended':
      return 'Betrokkenheid van een ketenpartner beëindigd.';
    case 'cases.acute-unsafety-registered':
      return 'Acute onveiligheid vastgesteld; directe maatregelen genomen.';
    case 'cases.safety-assessment-started':
      return 'Veiligheidsbeoordeling gestart.';
    case 'cases.safety-assessment-completed':
      return `Veiligheidsbeoordeling afgerond ${event.data.onTime ? 'binnen' : 'na'} de termijn (uiterlijk ${dutchDate(event.data.dueOn)}).`;
    case 'cases.safety-assessment-overdue':
      return `Termijn voor de veiligheidsbeoordeling verstreken (uiterlijk ${dutchDate(event.data.dueOn)}).`;
    case 'cases.conditions-and-follow-up-started':
      return 'Route voorwaarden en vervolg gestart.';
    case 'cases.investigation-started':
      return `Onderzoek gestart; uiterlijk af op ${dutchDate(event.data.dueOn)}.`;
    case 'cases.investigation-completed':
      return `Onderzoek afgerond ${event.data.onTime ? 'binnen' : 'na'} de termijn.`;
    case 'cases.investigation-overdue':
      return `Termijn voor het onderzoek verstreken (uiterlijk ${dutchDate(event.data.dueOn)}).`;
    case 'cases.child-protection-investigation-requested':
      return 'Verzoek tot onderzoek gedaan bij de Raad voor de Kinderbescherming.';
    case 'cases.case-closed':
      return `Casus afgesloten: ${outcome[event.data.outcome]}.`;
    case 'cases.safety-condition-added':
      return `Veiligheidsvoorwaarde toegevoegd; eigenaar ${owner(event.data.owner)}, uiterlijk ${dutchDate(event.data.dueOn)}.`;
    case 'cases.safety-condition-revised':
      return `Veiligheidsvoorwaarde herzien; eigenaar ${owner(event.data.owner)}, uiterlijk ${dutchDate(event.data.dueOn)}.`;
    case 'cases.safety-condition-status-recorded':
      return `Veiligheidsvoorwaarde ${event.data.status === 'met' ? 'nagekomen' : 'niet nagekomen'}.`;
    case 'cases.plan-part-updated':
      return `Plan bijgewerkt: onderdeel ${planPart[event.data.part]} (${event.data.agreements.length} ${event.data.agreements.length === 1 ? 'afspraak' : 'afspraken'}).`;
    case 'cases.rappels-scheduled':
      return `${event.data.rappels.length} ${event.data.rappels.length === 1 ? 'rappel' : 'rappels'} gepland voor ${who(event.data.owner)}${
        event.data.rappels[0] ? `; eerste op ${dutchDate(event.data.rappels[0].dueOn)}` : ''
      }.`;
    case 'cases.rappel-rescheduled':
      return `Rappel van ${dutchDate(event.data.previousDueOn)} verplaatst naar ${dutchDate(event.data.dueOn)} (uiterlijk ${dutchDate(event.data.deadlineOn)}).`;
    case 'cases.rappel-became-due':
      return `Rappel van ${dutchDate(event.data.dueOn)} staat klaar.`;
    case 'cases.rappel-became-overdue':
      return `Rappel van ${dutchDate(event.data.dueOn)} is te laat (uiterlijk ${dutchDate(event.data.deadlineOn)}).`;
    case 'cases.rappel-completed':
      return `Rappel uitgevoerd: ${rappelOutcome[event.data.outcome]}.`;
    case 'cases.signal-raised':
      return event.data.source.kind === 'referrer'
        ? `Signaal van de melder van melding ${event.data.source.reportId}: ${signalKind[event.data.kind]}.`
        : `Signaal van ketenpartner ${event.data.source.organisation.name}: ${signalKind[event.data.kind]}.`;
    case 'cases.signal-acknowledged':
      return `Signaal gezien door ${event.data.acknowledgedBy.name}.`;
    case 'cases.feedback-requested':
      return `Terugkoppeling aan de melder verstuurd (${feedbackMoment[event.data.milestone]}${event.data.note ? ', met persoonlijke toelichting' : ''}).`;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
};

const signalKind: Record<SignalRaised['data']['kind'], string> = {
  'aid-stalls': 'de hulp stagneert',
  'new-concerns': 'nieuwe zorgen',
  'task-stalls': 'de taak stagneert',
  'family-stopped-cooperating': 'het gezin werkt niet meer mee',
};

const capitalise = (value: string): string => value.charAt(0).toUpperCase() + value.slice(1);
