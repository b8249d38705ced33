import type { ChangePhase } from './direction/change-phase';
import type { EndChainPartnerInvolvement, RegisterChainPartner } from './direction/chain-partners';
import type { AcceptHandover } from './direction/accept-handover';
import type { DeclineHandover, WithdrawHandover } from './direction/decline-handover';
import type { EscalateCase } from './direction/escalate-case';
import type { OfferHandover } from './direction/offer-handover';
import type { MarkAssessmentOverdue, MarkInvestigationOverdue, MarkRappelDue, MarkRappelOverdue } from './deadlines/mark-overdue';
import type { AcknowledgeRecidivismFlag } from './intake/acknowledge-recidivism-flag';
import type { MergeMembers, RemoveMember } from './intake/household-corrections';
import type { RegisterAdviceRequest } from './intake/register-advice-request';
import type { RegisterReport } from './intake/register-report';
import type { AddSafetyCondition, RecordSafetyConditionStatus, ReviseSafetyCondition } from './plan/safety-conditions';
import type { UpdatePlanPart } from './plan/update-plan-part';
import type { RecordRappelOutcome } from './rappels/record-rappel-outcome';
import type { RescheduleRappel } from './rappels/reschedule-rappel';
import type { ScheduleRappels } from './rappels/schedule-rappels';
import type { CloseCase } from './routes/close-case';
import type { CompleteInvestigation, StartInvestigation } from './routes/investigation';
import type { RequestChildProtectionInvestigation } from './routes/request-child-protection-investigation';
import type { StartConditionsAndFollowUp } from './routes/start-conditions-and-follow-up';
import type { CompleteSafetyAssessment } from './safety-assessment/complete-safety-assessment';
import type { RegisterAcuteUnsafety } from './safety-assessment/register-acute-unsafety';
import type { AcknowledgeSignal, RaiseSignal } from './signals/signals';
import type { StartSafetyAssessment } from './safety-assessment/start-safety-assessment';
import type { RequestFeedback } from './feedback/request-feedback';

export type CaseCommand =
  | RegisterReport
  | RegisterAdviceRequest
  | AcknowledgeRecidivismFlag
  | MergeMembers
  | RemoveMember
  | OfferHandover
  | AcceptHandover
  | DeclineHandover
  | WithdrawHandover
  | EscalateCase
  | ChangePhase
  | RegisterChainPartner
  | EndChainPartnerInvolvement
  | RegisterAcuteUnsafety
  | StartSafetyAssessment
  | CompleteSafetyAssessment
  | StartConditionsAndFollowUp
  | StartInvestigation
  | CompleteInvestigation
  | RequestChildProtectionInvestigation
  | CloseCase
  | AddSafetyCondition
  | ReviseSafetyCondition
  | RecordSafetyConditionStatus
  | UpdatePlanPart
  | ScheduleRappels
  | RecordRappelOutcome
  | RescheduleRappel
  | MarkAssessmentOverdue
  | MarkInvestigationOverdue
  | MarkRappelDue
  | MarkRappelOverdue
  | RaiseSignal
  | AcknowledgeSignal
  | RequestFeedback;

export type CaseCommandType = CaseCommand['type'];

/** Commands the deadline scheduler sends; each is idempotent in the decider. */
export type TimeDrivenCaseCommand = MarkAssessmentOverdue | MarkInvestigationOverdue | MarkRappelDue | MarkRappelOverdue;
