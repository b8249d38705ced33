import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import type { CaseState } from '../case.state';
import { isOpened } from '../case.state';
import type { IntakeData } from './intake-validation';
import { laterIntakeHousehold, openingEvents, validateIntake } from './intake-validation';
import { receiptOf } from './receipt';

export type RegisterAdviceRequest = Command<'cases.register-advice-request', IntakeData & { adviceRequestId: string }>;

/**
 * An advice request is a consultation, not a report: it is recorded on the family's case (so a
 * later report sees the history) but never starts an assessment or changes the case's route.
 */
export const decideRegisterAdviceRequest = (command: RegisterAdviceRequest, state: CaseState): CaseEvent[] => {
  const { data, metadata } = command;
  const intake = validateIntake(data, metadata.now);
  const adviceRequestId = data.adviceRequestId?.trim();
  if (!adviceRequestId) throw caseErrors.required('adviceRequestId');
  const receipt = receiptOf(data.receivedAt, metadata.now);
  const events: CaseEvent[] = [];
  let household = intake.household;
  if (!isOpened(state)) {
    events.push(...openingEvents(intake, 'advice-request', receipt));
  } else {
    if (state.familyId !== intake.familyId) throw caseErrors.familyMismatch();
    if (state.adviceRequestIds.includes(adviceRequestId)) {
      throw caseErrors.alreadyRegistered('advice-request', 'adviceRequestId');
    }
    household = laterIntakeHousehold(state, intake);
  }
  events.push({
    type: 'cases.advice-request-received',
    schemaVersion: 1,
    data: {
      adviceRequestId,
      referrer: intake.referrer,
      sourceCategory: intake.sourceCategory,
      formsOfViolence: intake.formsOfViolence,
      concern: intake.concern,
      household,
      receivedAt: receipt.receivedAt,
      registeredAt: receipt.registeredAt,
    },
  });
  return events;
};
