import type { CalendarDate } from '@ketenregie/kernel';
import type { EarlierInvolvement, SignalRaised, SignalSource } from './case.events';
import type {
  CaseStatus,
  ChainPartnerRole,
  ClosureOutcome,
  Director,
  HandoverKind,
  HandoverReceiver,
  Household,
  OrganisationRef,
  Owner,
  Phase,
  PlanAgreement,
  PersonRef,
  PlanPart,
  RappelOutcome,
  ReportClassification,
  SafetyConditionStatus,
} from './case.types';

export type ReportRecord = {
  reportId: string;
  classification: ReportClassification;
  receivedOn: CalendarDate;
  assessmentId: string;
  /**
   * The account of a directory professional who made the report: the referrer relation of the
   * access policy (their own report's feedback and signals). Absent for every other referrer.
   */
  referrerAccount?: { personId: string; organisationId: string };
};

export type RecidivismFlag = {
  flagId: string;
  reportId: string;
  classification: Exclude<ReportClassification, 'first'>;
  /** What the director acknowledges: how the earlier involvement went and who directed it. */
  earlierInvolvement: EarlierInvolvement;
  earlierDirector: Director;
  earlierReportCount: number;
  acknowledged: boolean;
};

export type Assessment = {
  assessmentId: string;
  dueOn: CalendarDate;
  status: 'pending' | 'started' | 'completed';
  overdue: boolean;
  acuteUnsafety?: boolean;
  structuralUnsafety?: boolean;
  completedOn?: CalendarDate;
};

export type Investigation = {
  investigationId: string;
  dueOn: CalendarDate;
  status: 'running' | 'completed';
  overdue: boolean;
};

export type PendingHandover = {
  handoverId: string;
  kind: HandoverKind;
  from: Director;
  to: HandoverReceiver;
  reason: string;
  phase: Phase;
  /** Where the case returns when the offer is declined or withdrawn. */
  statusBefore: CaseStatus;
};

export type ChainPartner = {
  partnerId: string;
  organisation: OrganisationRef;
  role: ChainPartnerRole;
  active: boolean;
};

export type SafetyCondition = {
  conditionId: string;
  text: string;
  owner: Owner;
  dueOn: CalendarDate;
  status: SafetyConditionStatus;
};

export type Plan = {
  safetyConditions: SafetyCondition[];
  parts: Record<PlanPart, { description: string; agreements: PlanAgreement[] }>;
};

export type Rappel = {
  rappelId: string;
  owner: Director;
  dueOn: CalendarDate;
  deadlineOn: CalendarDate;
  status: 'scheduled' | 'due' | 'completed' | 'cancelled';
  overdue: boolean;
  outcome?: RappelOutcome;
};

export type CaseSignalRecord = {
  signalId: string;
  source: SignalSource;
  kind: SignalRaised['data']['kind'];
  reason: string;
  raisedAt: string;
  status: 'open' | 'acknowledged';
  acknowledged: { at: string; by: PersonRef; note: string } | null;
};

export type NotOpenedCase = { status: 'not_opened' };

export type OpenedCase = {
  status: CaseStatus;
  caseId: string;
  familyId: string;
  household: Household;
  /** Invariant 1: always exactly one. Changes only through an accepted hand-over or an escalation. */
  director: Director;
  pendingHandover: PendingHandover | null;
  phase: Phase;
  /** Whether Veilig Thuis is involved now; drives the CBS classification of the next report. */
  vtInvolvement: 'none' | 'active' | 'ended';
  /** Set once a case was escalated, so a later de-escalation lands in `de_escalated`. */
  everEscalated: boolean;
  /** `closedAt` is missing in case records folded before it was kept; a report's classification then goes by `closedOn`. */
  lastClosure: { outcome: ClosureOutcome; closedOn: CalendarDate; closedAt?: string; director: Director } | null;
  reports: ReportRecord[];
  adviceRequestIds: string[];
  recidivismFlags: RecidivismFlag[];
  assessments: Assessment[];
  investigations: Investigation[];
  childProtectionRequested: boolean;
  plan: Plan;
  rappels: Rappel[];
  scheduleIds: string[];
  chainPartners: ChainPartner[];
  /** Hand-over ids ever used on this case; an id is never reused, so retries cannot re-offer. */
  handoverIds: string[];
  /** Date the local team last accepted direction; rappels count from it. */
  handedOverOn: CalendarDate | null;
  /** The Veilig Thuis director who handed the case over (afschalen): their team plans the rappels. */
  handedOverBy: Director | null;
  /** What referrers and chain partners told the director, open until the director's team has seen it. */
  signals: CaseSignalRecord[];
};

export type CaseState = NotOpenedCase | OpenedCase;

export const initialCaseState = (): CaseState => ({ status: 'not_opened' });

export const emptyPlan = (): Plan => ({
  safetyConditions: [],
  parts: {
    safety: { description: '', agreements: [] },
    aid: { description: '', agreements: [] },
    recovery: { description: '', agreements: [] },
  },
});

export const isOpened = (state: CaseState): state is OpenedCase => state.status !== 'not_opened';

/** The assessment a new report joins, if one is still open. */
export const openAssessment = (state: OpenedCase): Assessment | undefined =>
  state.assessments.find((assessment) => assessment.status !== 'completed');

export const latestAssessment = (state: OpenedCase): Assessment | undefined => state.assessments.at(-1);

export const runningInvestigation = (state: OpenedCase): Investigation | undefined =>
  state.investigations.find((investigation) => investigation.status === 'running');
