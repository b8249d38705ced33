import { addWorkingDays, isBefore } from '@ketenregie/kernel';
import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent, EarlierInvolvement } from '../case.events';
import type { CasePolicy } from '../case.policy';
import type { CaseState } from '../case.state';
import { isOpened, openAssessment } from '../case.state';
import { classifyReport } from './classify-report';
import type { IntakeData } from './intake-validation';
import { laterIntakeHousehold, openingEvents, validateIntake } from './intake-validation';
import { receiptOf } from './receipt';

export type RegisterReport = Command<'cases.register-report', IntakeData & { reportId: string }>;

/**
 * Every report is its own event (invariant 3), classified from the case's history (invariant 4).
 * A report on a closed case reopens Veilig Thuis involvement; the intake professional takes
 * direction because nobody directs a closed case, and the earlier director is kept on the flag.
 */
export const decideRegisterReport = (command: RegisterReport, state: CaseState, policy: CasePolicy): CaseEvent[] => {
  const { data, metadata } = command;
  if (data.referrer?.kind === 'anonymous') throw caseErrors.anonymousReport();
  const intake = validateIntake(data, metadata.now);
  const reportId = data.reportId?.trim();
  if (!reportId) throw caseErrors.required('reportId');
  const receipt = receiptOf(data.receivedAt, metadata.now);
  const at = receipt.registeredAt;
  const { receivedOn } = receipt;
  const classification = classifyReport(state, receipt.receivedAt);
  const events: CaseEvent[] = [];

  let household = intake.household;
  if (!isOpened(state)) {
    events.push(...openingEvents(intake, 'report', receipt));
  } else {
    if (state.familyId !== intake.familyId) throw caseErrors.familyMismatch();
    if (state.reports.some((report) => report.reportId === reportId)) {
      throw caseErrors.alreadyRegistered('report', 'reportId');
    }
    household = laterIntakeHousehold(state, intake);
  }

  const reopening = isOpened(state) && state.status === 'closed';
  const director = !isOpened(state) || reopening ? intake.receivedBy : state.director;
  if (isOpened(state) && reopening && state.lastClosure) {
    events.push({
      type: 'cases.case-reopened',
      schemaVersion: 1,
      data: {
        reportId,
        previousOutcome: state.lastClosure.outcome,
        previousDirector: state.director,
        director,
        reopenedAt: at,
      },
    });
  }

  // A report that arrives while an assessment is still open is assessed in it, with its deadline:
  // the law asks one assessment of the family's safety, not one per referrer. A report received
  // before the one that opened it (typed in later) brings that deadline forward to its own.
  const joined = isOpened(state) ? openAssessment(state) : undefined;
  const ownDueOn = addWorkingDays(receivedOn, policy.assessmentWorkingDays, policy.calendar);
  events.push({
    type: 'cases.report-received',
    schemaVersion: 1,
    data: {
      reportId,
      referrer: intake.referrer,
      sourceCategory: intake.sourceCategory,
      formsOfViolence: intake.formsOfViolence,
      concern: intake.concern,
      household,
      classification,
      receivedAt: receipt.receivedAt,
      registeredAt: receipt.registeredAt,
      receivedOn,
      assessmentId: joined?.assessmentId ?? reportId,
      assessmentDueOn: joined && !isBefore(ownDueOn, joined.dueOn) ? joined.dueOn : ownDueOn,
    },
  });

  if (isOpened(state) && classification !== 'first') {
    // A report received before the case closed but typed in after is a follow-up of the ended involvement.
    const ended = reopening ? state.lastClosure : null;
    const earlierInvolvement: EarlierInvolvement = ended
      ? { kind: 'ended', outcome: ended.outcome, closedOn: ended.closedOn }
      : { kind: 'ongoing', status: state.status };
    events.push({
      type: 'cases.recidivism-flag-raised',
      schemaVersion: 1,
      data: {
        flagId: reportId,
        reportId,
        classification,
        earlierInvolvement,
        earlierDirector: ended ? ended.director : state.director,
        earlierReportCount: state.reports.length,
        director,
        raisedAt: at,
      },
    });
  }
  return events;
};
