import type { CalendarDate, DomainEvent } from '@ketenregie/kernel';
import type { FeedbackRequested } from './feedback/request-feedback';
import type {
  CaseStatus,
  ChainPartnerRole,
  ClosureOutcome,
  ContactDetails,
  Director,
  FormOfViolence,
  HandoverKind,
  HandoverReceiver,
  Household,
  OrganisationRef,
  Owner,
  Phase,
  PersonName,
  PersonRef,
  PlanAgreement,
  PlanPart,
  RappelOutcome,
  Referrer,
  ReportClassification,
  SourceCategory,
} from './case.types';

// Wire names are contracts: never rename one; change a payload by adding a schemaVersion + upcaster.
// Instants are ISO-8601 strings and deadlines are Amsterdam calendar dates (see kernel/calendar).
// An optional field may be added to a payload without a new version when every reader states what
// its absence means (see `registeredAtOf`, `Steered`).

/**
 * Steering (route, plan, conditions, partners, rappels, hand-over offers, closing) is the director's
 * or their team's: `onBehalfOf` names the director when a colleague of the director's team acted
 * for them (the colleague is the event's actor); for rappels it may be the Veilig Thuis director
 * who handed the case over, whose team plans them. Absent when that person acted themselves.
 */
export type Steered = { onBehalfOf?: Director };

/**
 * When an intake was received and when it was typed in: a report taken by phone on Friday and
 * registered on Monday was received on Friday, and its deadlines run from then. `registeredAt` is
 * absent in events stored before a receipt moment could be given; their `receivedAt` was the
 * registration moment itself (the event's own timestamp), so that is the stated default.
 */
export type IntakeMoments = { receivedAt: string; registeredAt?: string };

export const registeredAtOf = (data: IntakeMoments): string => data.registeredAt ?? data.receivedAt;

export type CaseOpened = DomainEvent<
  'cases.case-opened',
  {
    caseId: string;
    familyId: string;
    household: Household;
    director: Director;
    openedWith: 'report' | 'advice-request';
    openedAt: string;
  },
  1
>;

export type AdviceRequestReceived = DomainEvent<
  'cases.advice-request-received',
  {
    adviceRequestId: string;
    referrer: Referrer;
    sourceCategory: SourceCategory;
    formsOfViolence: FormOfViolence[];
    concern: string;
    household: Household;
  } & IntakeMoments,
  1
>;

export type ReportReceived = DomainEvent<
  'cases.report-received',
  {
    reportId: string;
    referrer: Referrer;
    sourceCategory: SourceCategory;
    formsOfViolence: FormOfViolence[];
    concern: string;
    household: Household;
    classification: ReportClassification;
    /** The Amsterdam date of `receivedAt`: the day the assessment's working days count from. */
    receivedOn: CalendarDate;
    /** The assessment this report is handled in; equals `reportId` when it opened a new one. */
    assessmentId: string;
    /** That assessment's deadline after this report: a report received earlier than the one that opened it brings it forward. */
    assessmentDueOn: CalendarDate;
  } & IntakeMoments,
  1
>;

export type CaseReopened = DomainEvent<
  'cases.case-reopened',
  {
    reportId: string;
    previousOutcome: ClosureOutcome;
    previousDirector: Director;
    director: Director;
    reopenedAt: string;
  },
  1
>;

export type EarlierInvolvement =
  { kind: 'ongoing'; status: CaseStatus } | { kind: 'ended'; outcome: ClosureOutcome; closedOn: CalendarDate };

export type RecidivismFlagRaised = DomainEvent<
  'cases.recidivism-flag-raised',
  {
    flagId: string;
    reportId: string;
    classification: Exclude<ReportClassification, 'first'>;
    earlierInvolvement: EarlierInvolvement;
    earlierDirector: Director;
    earlierReportCount: number;
    /** Who must acknowledge the flag. */
    director: Director;
    raisedAt: string;
  },
  1
>;

export type RecidivismFlagAcknowledged = DomainEvent<
  'cases.recidivism-flag-acknowledged',
  { flagId: string; acknowledgedBy: PersonRef; acknowledgedAt: string },
  1
>;

/** A new case opened on purpose beside the known cases it was judged another family than. */
export type FamilyKeptSeparate = DomainEvent<
  'cases.family-kept-separate',
  { separateFromCaseIds: string[]; reason: string; keptSeparateAt: string },
  1
>;

/** The names as they stood, so the timeline can say who was merged after later changes too. */
export type MembersMerged = DomainEvent<
  'cases.members-merged',
  {
    survivingMemberId: string;
    mergedMemberId: string;
    survivingName: PersonName;
    mergedName: PersonName;
    reason: string;
    mergedAt: string;
  } & Steered,
  1
>;

export type MemberRemoved = DomainEvent<
  'cases.member-removed',
  { memberId: string; role: 'adult' | 'child'; name: PersonName; reason: string; removedAt: string } & Steered,
  1
>;

export type HandoverOffered = DomainEvent<
  'cases.handover-offered',
  {
    handoverId: string;
    kind: HandoverKind;
    from: Director;
    /** A named professional, or (without `person`) the receiving organisation's team. */
    to: HandoverReceiver;
    reason: string;
    phase: Phase;
    offeredAt: string;
  } & Steered,
  1
>;

/** `to` is the new director: the named receiver, or the professional of the receiving team who accepted. */
export type HandoverAccepted = DomainEvent<
  'cases.handover-accepted',
  { handoverId: string; kind: HandoverKind; from: Director; to: Director; phase: Phase; acceptedAt: string; acceptedOn: CalendarDate },
  1
>;

export type HandoverDeclined = DomainEvent<'cases.handover-declined', { handoverId: string; reason: string; declinedAt: string }, 1>;

export type HandoverWithdrawn = DomainEvent<
  'cases.handover-withdrawn',
  { handoverId: string; reason: string; withdrawnAt: string } & Steered,
  1
>;

export type CaseEscalated = DomainEvent<
  'cases.case-escalated',
  {
    reason: string;
    phase: Phase;
    from: Director;
    to: Director;
    /** How direction reached Veilig Thuis: an accepted hand-over, an unsafe rappel, or VT taking over itself. */
    trigger: 'handover-accepted' | 'rappel-unsafe' | 'taken-over';
    handoverId?: string;
    rappelId?: string;
    escalatedAt: string;
  },
  1
>;

export type PhaseChanged = DomainEvent<'cases.phase-changed', { phase: Phase; reason: string; changedAt: string } & Steered, 1>;

export type ChainPartnerRegistered = DomainEvent<
  'cases.chain-partner-registered',
  {
    partnerId: string;
    organisation: OrganisationRef;
    contact?: PersonRef & ContactDetails;
    role: ChainPartnerRole;
    task: string;
    registeredAt: string;
  } & Steered,
  1
>;

export type ChainPartnerInvolvementEnded = DomainEvent<
  'cases.chain-partner-involvement-ended',
  { partnerId: string; reason: string; endedAt: string } & Steered,
  1
>;

export type AcuteUnsafetyRegistered = DomainEvent<
  'cases.acute-unsafety-registered',
  { assessmentId: string; measures: string; registeredAt: string },
  1
>;

export type SafetyAssessmentStarted = DomainEvent<'cases.safety-assessment-started', { assessmentId: string; startedAt: string }, 1>;

export type SafetyAssessmentCompleted = DomainEvent<
  'cases.safety-assessment-completed',
  {
    assessmentId: string;
    acuteUnsafety: boolean;
    structuralUnsafety: boolean;
    completedAt: string;
    completedOn: CalendarDate;
    dueOn: CalendarDate;
    onTime: boolean;
  },
  1
>;

export type SafetyAssessmentOverdue = DomainEvent<
  'cases.safety-assessment-overdue',
  { assessmentId: string; dueOn: CalendarDate; markedOn: CalendarDate },
  1
>;

export type ConditionsAndFollowUpStarted = DomainEvent<
  'cases.conditions-and-follow-up-started',
  { reason: string; startedAt: string } & Steered,
  1
>;

export type InvestigationStarted = DomainEvent<
  'cases.investigation-started',
  { investigationId: string; startedAt: string; startedOn: CalendarDate; dueOn: CalendarDate } & Steered,
  1
>;

export type InvestigationCompleted = DomainEvent<
  'cases.investigation-completed',
  { investigationId: string; conclusion: string; completedAt: string; completedOn: CalendarDate; onTime: boolean },
  1
>;

export type InvestigationOverdue = DomainEvent<
  'cases.investigation-overdue',
  { investigationId: string; dueOn: CalendarDate; markedOn: CalendarDate },
  1
>;

export type ChildProtectionInvestigationRequested = DomainEvent<
  'cases.child-protection-investigation-requested',
  { reason: string; requestedAt: string } & Steered,
  1
>;

export type CaseClosed = DomainEvent<
  'cases.case-closed',
  { outcome: ClosureOutcome; notes: string; director: Director; closedAt: string; closedOn: CalendarDate } & Steered,
  1
>;

export type SafetyConditionAdded = DomainEvent<
  'cases.safety-condition-added',
  { conditionId: string; text: string; owner: Owner; dueOn: CalendarDate; addedAt: string } & Steered,
  1
>;

export type SafetyConditionRevised = DomainEvent<
  'cases.safety-condition-revised',
  { conditionId: string; text: string; owner: Owner; dueOn: CalendarDate; reason: string; revisedAt: string } & Steered,
  1
>;

export type SafetyConditionStatusRecorded = DomainEvent<
  'cases.safety-condition-status-recorded',
  { conditionId: string; status: 'met' | 'not-met'; notes: string; recordedAt: string } & Steered,
  1
>;

export type PlanPartUpdated = DomainEvent<
  'cases.plan-part-updated',
  { part: PlanPart; description: string; agreements: PlanAgreement[]; updatedAt: string } & Steered,
  1
>;

/** `dueOn`: the planned date (on the worklist from then); `deadlineOn`: the last day before it is overdue. */
export type ScheduledRappel = { rappelId: string; dueOn: CalendarDate; deadlineOn: CalendarDate };

export type RappelsScheduled = DomainEvent<
  'cases.rappels-scheduled',
  { scheduleId: string; owner: Director; scheduledFrom: CalendarDate; rappels: ScheduledRappel[]; scheduledAt: string } & Steered,
  1
>;

/** One open rappel moved to another day; its last day moves with it (`Steered`: who planned it, as when scheduling). */
export type RappelRescheduled = DomainEvent<
  'cases.rappel-rescheduled',
  {
    rappelId: string;
    previousDueOn: CalendarDate;
    dueOn: CalendarDate;
    deadlineOn: CalendarDate;
    reason: string;
    rescheduledAt: string;
  } & Steered,
  1
>;

export type RappelBecameDue = DomainEvent<'cases.rappel-became-due', { rappelId: string; dueOn: CalendarDate }, 1>;

export type RappelBecameOverdue = DomainEvent<
  'cases.rappel-became-overdue',
  { rappelId: string; dueOn: CalendarDate; deadlineOn: CalendarDate; markedOn: CalendarDate },
  1
>;

export type RappelCompleted = DomainEvent<
  'cases.rappel-completed',
  {
    rappelId: string;
    outcome: RappelOutcome;
    notes: string;
    /** User id of the actor. */ completedBy: string;
    completedAt: string;
    completedOn: CalendarDate;
  },
  1
>;

/** Who raised a signal: a referrer by their report only, a chain partner by its organisation. */
export type SignalSource = { kind: 'referrer'; reportId: string } | { kind: 'chain-partner'; organisation: OrganisationRef };

export type SignalRaised = DomainEvent<
  'cases.signal-raised',
  {
    signalId: string;
    source: SignalSource;
    kind: 'aid-stalls' | 'new-concerns' | 'task-stalls' | 'family-stopped-cooperating';
    reason: string;
    raisedAt: string;
  },
  1
>;

export type SignalAcknowledged = DomainEvent<
  'cases.signal-acknowledged',
  { signalId: string; note: string; acknowledgedBy: PersonRef; acknowledgedAt: string } & Steered,
  1
>;

export type CaseEvent =
  | CaseOpened
  | AdviceRequestReceived
  | ReportReceived
  | CaseReopened
  | RecidivismFlagRaised
  | RecidivismFlagAcknowledged
  | FamilyKeptSeparate
  | MembersMerged
  | MemberRemoved
  | HandoverOffered
  | HandoverAccepted
  | HandoverDeclined
  | HandoverWithdrawn
  | CaseEscalated
  | PhaseChanged
  | ChainPartnerRegistered
  | ChainPartnerInvolvementEnded
  | AcuteUnsafetyRegistered
  | SafetyAssessmentStarted
  | SafetyAssessmentCompleted
  | SafetyAssessmentOverdue
  | ConditionsAndFollowUpStarted
  | InvestigationStarted
  | InvestigationCompleted
  | InvestigationOverdue
  | ChildProtectionInvestigationRequested
  | CaseClosed
  | SafetyConditionAdded
  | SafetyConditionRevised
  | SafetyConditionStatusRecorded
  | PlanPartUpdated
  | RappelsScheduled
  | RappelRescheduled
  | RappelBecameDue
  | RappelBecameOverdue
  | RappelCompleted
  | SignalRaised
  | SignalAcknowledged
  | FeedbackRequested;

export type CaseEventType = CaseEvent['type'];

/** Every wire name this context writes, for projections and the event-type registry. */
export const caseEventTypes = [
  'cases.case-opened',
  'cases.advice-request-received',
  'cases.report-received',
  'cases.case-reopened',
  'cases.recidivism-flag-raised',
  'cases.recidivism-flag-acknowledged',
  'cases.family-kept-separate',
  'cases.members-merged',
  'cases.member-removed',
  'cases.handover-offered',
  'cases.handover-accepted',
  'cases.handover-declined',
  'cases.handover-withdrawn',
  'cases.case-escalated',
  'cases.phase-changed',
  'cases.chain-partner-registered',
  'cases.chain-partner-involvement-ended',
  'cases.acute-unsafety-registered',
  'cases.safety-assessment-started',
  'cases.safety-assessment-completed',
  'cases.safety-assessment-overdue',
  'cases.conditions-and-follow-up-started',
  'cases.investigation-started',
  'cases.investigation-completed',
  'cases.investigation-overdue',
  'cases.child-protection-investigation-requested',
  'cases.case-closed',
  'cases.safety-condition-added',
  'cases.safety-condition-revised',
  'cases.safety-condition-status-recorded',
  'cases.plan-part-updated',
  'cases.rappels-scheduled',
  'cases.rappel-became-due',
  'cases.rappel-became-overdue',
  'cases.rappel-completed',
  'cases.rappel-rescheduled',
  'cases.signal-raised',
  'cases.signal-acknowledged',
  'cases.feedback-requested',
] as const satisfies readonly CaseEventType[];

/** Compile-time proof that `caseEventTypes` lists every event type. */
type MissingEventType = Exclude<CaseEventType, (typeof caseEventTypes)[number]>;
export const _allCaseEventTypesListed: MissingEventType extends never ? true : never = true;

export const isCaseEventType = (type: string): type is CaseEventType => (caseEventTypes as readonly string[]).includes(type);
