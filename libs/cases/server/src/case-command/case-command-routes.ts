import type { CaseCommandRoute } from './case-command.route';
import { registerReportRoute } from '../register-report/register-report.route';
import { registerAdviceRequestRoute } from '../register-advice-request/register-advice-request.route';
import { mergeMembersRoute } from '../merge-members/merge-members.route';
import { removeMemberRoute } from '../remove-member/remove-member.route';
import { acknowledgeRecidivismFlagRoute } from '../acknowledge-recidivism-flag/acknowledge-recidivism-flag.route';
import { offerHandoverRoute } from '../offer-handover/offer-handover.route';
import { acceptHandoverRoute } from '../accept-handover/accept-handover.route';
import { declineHandoverRoute } from '../decline-handover/decline-handover.route';
import { withdrawHandoverRoute } from '../withdraw-handover/withdraw-handover.route';
import { escalateCaseRoute } from '../escalate-case/escalate-case.route';
import { changePhaseRoute } from '../change-phase/change-phase.route';
import { registerChainPartnerRoute } from '../register-chain-partner/register-chain-partner.route';
import { endChainPartnerInvolvementRoute } from '../end-chain-partner-involvement/end-chain-partner-involvement.route';
import { registerAcuteUnsafetyRoute } from '../register-acute-unsafety/register-acute-unsafety.route';
import { startSafetyAssessmentRoute } from '../start-safety-assessment/start-safety-assessment.route';
import { completeSafetyAssessmentRoute } from '../complete-safety-assessment/complete-safety-assessment.route';
import { startConditionsAndFollowUpRoute } from '../start-conditions-and-follow-up/start-conditions-and-follow-up.route';
import { startInvestigationRoute } from '../start-investigation/start-investigation.route';
import { completeInvestigationRoute } from '../complete-investigation/complete-investigation.route';
import { requestChildProtectionInvestigationRoute } from '../request-child-protection-investigation/request-child-protection-investigation.route';
import { closeCaseRoute } from '../close-case/close-case.route';
import { addSafetyConditionRoute } from '../add-safety-condition/add-safety-condition.route';
import { reviseSafetyConditionRoute } from '../revise-safety-condition/revise-safety-condition.route';
import { recordSafetyConditionStatusRoute } from '../record-safety-condition-status/record-safety-condition-status.route';
import { updatePlanPartRoute } from '../update-plan-part/update-plan-part.route';
import { scheduleRappelsRoute } from '../schedule-rappels/schedule-rappels.route';
import { recordRappelOutcomeRoute } from '../record-rappel-outcome/record-rappel-outcome.route';
import { rescheduleRappelRoute } from '../reschedule-rappel/reschedule-rappel.route';
import { raiseSignalRoute } from '../raise-signal/raise-signal.route';
import { acknowledgeSignalRoute } from '../acknowledge-signal/acknowledge-signal.route';
import { requestFeedbackRoute } from '../request-feedback/request-feedback.route';

/** Every case command endpoint: the router, the OpenAPI document and the authorisation matrix read this list. */
export const caseCommandRoutes: readonly CaseCommandRoute[] = [
  registerReportRoute,
  registerAdviceRequestRoute,
  mergeMembersRoute,
  removeMemberRoute,
  acknowledgeRecidivismFlagRoute,
  offerHandoverRoute,
  acceptHandoverRoute,
  declineHandoverRoute,
  withdrawHandoverRoute,
  escalateCaseRoute,
  changePhaseRoute,
  registerChainPartnerRoute,
  endChainPartnerInvolvementRoute,
  registerAcuteUnsafetyRoute,
  startSafetyAssessmentRoute,
  completeSafetyAssessmentRoute,
  startConditionsAndFollowUpRoute,
  startInvestigationRoute,
  completeInvestigationRoute,
  requestChildProtectionInvestigationRoute,
  closeCaseRoute,
  addSafetyConditionRoute,
  reviseSafetyConditionRoute,
  recordSafetyConditionStatusRoute,
  updatePlanPartRoute,
  scheduleRappelsRoute,
  recordRappelOutcomeRoute,
  rescheduleRappelRoute,
  raiseSignalRoute,
  acknowledgeSignalRoute,
  requestFeedbackRoute,
];
