import type { Decider } from '@ketenregie/kernel';
import type { CaseCommand } from './case.commands';
import type { CaseEvent } from './case.events';
import { evolveCase } from './case.evolve';
import type { CasePolicy } from './case.policy';
import { defaultCasePolicy } from './case.policy';
import type { CaseState } from './case.state';
import { initialCaseState } from './case.state';
import {
  decideMarkAssessmentOverdue,
  decideMarkInvestigationOverdue,
  decideMarkRappelDue,
  decideMarkRappelOverdue,
} from './deadlines/mark-overdue';
import { decideAcceptHandover } from './direction/accept-handover';
import { decideChangePhase } from './direction/change-phase';
import { decideEndChainPartnerInvolvement, decideRegisterChainPartner } from './direction/chain-partners';
import { decideDeclineHandover, decideWithdrawHandover } from './direction/decline-handover';
import { decideEscalateCase } from './direction/escalate-case';
import { decideOfferHandover } from './direction/offer-handover';
import { decideAcknowledgeRecidivismFlag } from './intake/acknowledge-recidivism-flag';
import { decideMergeMembers, decideRemoveMember } from './intake/household-corrections';
import { decideRegisterAdviceRequest } from './intake/register-advice-request';
import { decideRegisterReport } from './intake/register-report';
import { decideAddSafetyCondition, decideRecordSafetyConditionStatus, decideReviseSafetyCondition } from './plan/safety-conditions';
import { decideUpdatePlanPart } from './plan/update-plan-part';
import { decideRecordRappelOutcome } from './rappels/record-rappel-outcome';
import { decideRescheduleRappel } from './rappels/reschedule-rappel';
import { decideScheduleRappels } from './rappels/schedule-rappels';
import { decideCloseCase } from './routes/close-case';
import { decideCompleteInvestigation, decideStartInvestigation } from './routes/investigation';
import { decideRequestChildProtectionInvestigation } from './routes/request-child-protection-investigation';
import { decideStartConditionsAndFollowUp } from './routes/start-conditions-and-follow-up';
import { decideCompleteSafetyAssessment } from './safety-assessment/complete-safety-assessment';
import { decideRegisterAcuteUnsafety } from './safety-assessment/register-acute-unsafety';
import { decideAcknowledgeSignal, decideRaiseSignal } from './signals/signals';
import { decideStartSafetyAssessment } from './safety-assessment/start-safety-assessment';
import { decideRequestFeedback } from './feedback/request-feedback';

export type CaseDecider = Decider<CaseCommand, CaseEvent, CaseState>;

/**
 * The case aggregate: one family's trajectory. The policy is the region's (holidays, deadlines,
 * rappel schedule); the handler picks it, so `decide` stays a pure function of command and state.
 */
export const createCaseDecider = (policy: CasePolicy = defaultCasePolicy): CaseDecider => ({
  decide: (command, state) => {
    switch (command.type) {
      case 'cases.register-report':
        return decideRegisterReport(command, state, policy);
      case 'cases.register-advice-request':
        return decideRegisterAdviceRequest(command, state);
      case 'cases.acknowledge-recidivism-flag':
        return decideAcknowledgeRecidivismFlag(command, state);
      case 'cases.merge-members':
        return decideMergeMembers(command, state);
      case 'cases.remove-member':
        return decideRemoveMember(command, state);
      case 'cases.offer-handover':
        return decideOfferHandover(command, state);
      case 'cases.accept-handover':
        return decideAcceptHandover(command, state);
      case 'cases.decline-handover':
        return decideDeclineHandover(command, state);
      case 'cases.withdraw-handover':
        return decideWithdrawHandover(command, state);
      case 'cases.escalate-case':
        return decideEscalateCase(command, state);
      case 'cases.change-phase':
        return decideChangePhase(command, state);
      case 'cases.register-chain-partner':
        return decideRegisterChainPartner(command, state);
      case 'cases.end-chain-partner-involvement':
        return decideEndChainPartnerInvolvement(command, state);
      case 'cases.register-acute-unsafety':
        return decideRegisterAcuteUnsafety(command, state);
      case 'cases.start-safety-assessment':
        return decideStartSafetyAssessment(command, state);
      case 'cases.complete-safety-assessment':
        return decideCompleteSafetyAssessment(command, state);
      case 'cases.start-conditions-and-follow-up':
        return decideStartConditionsAndFollowUp(command, state);
      case 'cases.start-investigation':
        return decideStartInvestigation(command, state, policy);
      case 'cases.complete-investigation':
        return decideCompleteInvestigation(command, state);
      case 'cases.request-child-protection-investigation':
        return decideRequestChildProtectionInvestigation(command, state);
      case 'cases.close-case':
        return decideCloseCase(command, state);
      case 'cases.add-safety-condition':
        return decideAddSafetyCondition(command, state);
      case 'cases.revise-safety-condition':
        return decideReviseSafetyCondition(command, state);
      case 'cases.record-safety-condition-status':
        return decideRecordSafetyConditionStatus(command, state);
      case 'cases.update-plan-part':
        return decideUpdatePlanPart(command, state);
      case 'cases.schedule-rappels':
        return decideScheduleRappels(command, state, policy);
      case 'cases.record-rappel-outcome':
        return decideRecordRappelOutcome(command, state);
      case 'cases.reschedule-rappel':
        return decideRescheduleRappel(command, state, policy);
      case 'cases.mark-assessment-overdue':
        return decideMarkAssessmentOverdue(command, state);
      case 'cases.mark-investigation-overdue':
        return decideMarkInvestigationOverdue(command, state);
      case 'cases.mark-rappel-due':
        return decideMarkRappelDue(command, state);
      case 'cases.mark-rappel-overdue':
        return decideMarkRappelOverdue(command, state);
      case 'cases.raise-signal':
        return decideRaiseSignal(command, state);
      case 'cases.acknowledge-signal':
        return decideAcknowledgeSignal(command, state);
      case 'cases.request-feedback':
        return decideRequestFeedback(command, state);
      default: {
        const _exhaustive: never = command;
        return _exhaustive;
      }
    }
  },
  evolve: evolveCase,
  initialState: initialCaseState,
});

export const caseDecider: CaseDecider = createCaseDecider();
