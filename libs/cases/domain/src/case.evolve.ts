import { isBefore } from '@ketenregie/kernel';
import type { CaseEvent } from './case.events';
import type { CaseState, OpenedCase } from './case.state';
import { emptyPlan, isOpened } from './case.state';
import { mergeHousehold, withSpellings } from './intake/merge-household';

/**
 * Thrown when an event does not fit the state it is applied to. `decide` never produces such an
 * event (the property test checks this), so meeting one on replay means a corrupt or mis-upcast
 * stream, and failing loudly beats silently folding nonsense into a family's case.
 */
export class CaseEventNotApplicable extends Error {
  constructor(eventType: string, reason: string) {
    super(`${eventType} cannot be applied: ${reason}`);
    this.name = 'CaseEventNotApplicable';
  }
}

const opened = (state: CaseState, event: CaseEvent): OpenedCase => {
  if (!isOpened(state)) throw new CaseEventNotApplicable(event.type, 'case not opened');
  return state;
};

const fail = (event: CaseEvent, reason: string): never => {
  throw new CaseEventNotApplicable(event.type, reason);
};

export const evolveCase = (state: CaseState, event: CaseEvent): CaseState => {
  switch (event.type) {
    case 'cases.case-opened': {
      if (isOpened(state)) return fail(event, 'case already opened');
      const { data } = event;
      return {
        status: data.openedWith === 'report' ? 'received' : 'advice',
        caseId: data.caseId,
        familyId: data.familyId,
        household: data.household,
        director: data.director,
        pendingHandover: null,
        phase: 'immediate-safety',
        vtInvolvement: 'none',
        everEscalated: false,
        lastClosure: null,
        reports: [],
        adviceRequestIds: [],
        recidivismFlags: [],
        assessments: [],
        investigations: [],
        childProtectionRequested: false,
        plan: emptyPlan(),
        rappels: [],
        scheduleIds: [],
        chainPartners: [],
        handoverIds: [],
        handedOverOn: null,
        handedOverBy: null,
        signals: [],
      };
    }
    case 'cases.advice-request-received': {
      const current = opened(state, event);
      return {
        ...current,
        household: mergeHousehold(current.household, event.data.household),
        adviceRequestIds: [...current.adviceRequestIds, event.data.adviceRequestId],
      };
    }
    case 'cases.report-received': {
      const current = opened(state, event);
      const { data } = event;
      if (current.status === 'closed') return fail(event, 'case closed; reopen first');
      const known = current.assessments.find((assessment) => assessment.assessmentId === data.assessmentId);
      if (known && known.status === 'completed') return fail(event, 'joins a completed assessment');
      return {
        ...current,
        // A new report after an assessment without a route yet opens a new assessment: back to received.
        status: current.status === 'advice' || current.status === 'assessed' ? 'received' : current.status,
        household: mergeHousehold(current.household, data.household),
        vtInvolvement: 'active',
        reports: [
          ...current.reports,
          {
            reportId: data.reportId,
            classification: data.classification,
            receivedOn: data.receivedOn,
            assessmentId: data.assessmentId,
            ...(data.referrer.kind === 'directory-professional' && data.referrer.personId !== undefined
              ? { referrerAccount: { personId: data.referrer.personId, organisationId: data.referrer.organisationId } }
              : {}),
          },
        ],
        assessments: known
          ? current.assessments.map((assessment) =>
              assessment === known && isBefore(data.assessmentDueOn, known.dueOn)
                ? { ...assessment, dueOn: data.assessmentDueOn }
                : assessment,
            )
          : [...current.assessments, { assessmentId: data.assessmentId, dueOn: data.assessmentDueOn, status: 'pending', overdue: false }],
      };
    }
    case 'cases.case-reopened': {
      const current = opened(state, event);
      if (current.status !== 'closed') return fail(event, 'case not closed');
      return {
        ...current,
        status: 'received',
        director: event.data.director,
        phase: 'immediate-safety',
        everEscalated: false,
        handedOverOn: null,
        handedOverBy: null,
      };
    }
    case 'cases.recidivism-flag-raised': {
      const current = opened(state, event);
      const { data } = event;
      return {
        ...current,
        recidivismFlags: [
          ...current.recidivismFlags,
          {
            flagId: data.flagId,
            reportId: data.reportId,
            classification: data.classification,
            earlierInvolvement: data.earlierInvolvement,
            earlierDirector: data.earlierDirector,
            earlierReportCount: data.earlierReportCount,
            acknowledged: false,
          },
        ],
      };
    }
    case 'cases.recidivism-flag-acknowledged': {
      const current = opened(state, event);
      if (!current.recidivismFlags.some((flag) => flag.flagId === event.data.flagId && !flag.acknowledged)) {
        return fail(event, 'no open flag with this id');
      }
      return {
        ...current,
        recidivismFlags: current.recidivismFlags.map((flag) =>
          flag.flagId === event.data.flagId ? { ...flag, acknowledged: true } : flag,
        ),
      };
    }
    case 'cases.family-kept-separate':
      return opened(state, event);
    case 'cases.members-merged': {
      const current = opened(state, event);
      const { survivingMemberId, mergedMemberId } = event.data;
      const surviving = current.household.members.find((member) => member.memberId === survivingMemberId);
      const merged = current.household.members.find((member) => member.memberId === mergedMemberId);
      if (!surviving || !merged || surviving === merged) return fail(event, 'no two such members');
      const kept = withSpellings({ ...surviving, dateOfBirth: surviving.dateOfBirth ?? merged.dateOfBirth }, [
        merged.name,
        ...(merged.otherNames ?? []),
      ]);
      return {
        ...current,
        household: {
          ...current.household,
          members: current.household.members.flatMap((member) => (member === merged ? [] : member === surviving ? [kept] : [member])),
        },
      };
    }
    case 'cases.member-removed': {
      const current = opened(state, event);
      if (!current.household.members.some((member) => member.memberId === event.data.memberId)) return fail(event, 'no such member');
      return {
        ...current,
        household: { ...current.household, members: current.household.members.filter((member) => member.memberId !== event.data.memberId) },
      };
    }
    case 'cases.handover-offered': {
      const current = opened(state, event);
      const { data } = event;
      if (current.pendingHandover) return fail(event, 'another hand-over is pending');
      if (current.status === 'closed') return fail(event, 'case closed');
      return {
        ...current,
        status: 'handover_offered',
        pendingHandover: {
          handoverId: data.handoverId,
          kind: data.kind,
          from: data.from,
          to: data.to,
          reason: data.reason,
          phase: data.phase,
          statusBefore: current.status,
        },
        handoverIds: [...current.handoverIds, data.handoverId],
      };
    }
    case 'cases.handover-accepted': {
      const current = opened(state, event);
      const pending = current.pendingHandover;
      if (!pending || pending.handoverId !== event.data.handoverId) return fail(event, 'hand-over not pending');
      const status =
        pending.kind === 'de-escalation'
          ? current.everEscalated
            ? 'de_escalated'
            : 'handed_over'
          : pending.kind === 'escalation'
            ? 'escalated'
            : pending.statusBefore;
      return {
        ...current,
        status,
        director: event.data.to,
        phase: event.data.phase,
        pendingHandover: null,
        handedOverOn: pending.kind === 'de-escalation' ? event.data.acceptedOn : current.handedOverOn,
        handedOverBy: pending.kind === 'de-escalation' ? pending.from : (current.handedOverBy ?? null),
      };
    }
    case 'cases.handover-declined':
    case 'cases.handover-withdrawn': {
      const current = opened(state, event);
      const pending = current.pendingHandover;
      if (!pending || pending.handoverId !== event.data.handoverId) return fail(event, 'hand-over not pending');
      return { ...current, status: pending.statusBefore, pendingHandover: null };
    }
    case 'cases.case-escalated': {
      const current = opened(state, event);
      if (current.pendingHandover) return fail(event, 'a hand-over is pending');
      if (current.status === 'closed') return fail(event, 'case closed');
      return {
        ...current,
        status: 'escalated',
        director: event.data.to,
        phase: event.data.phase,
        everEscalated: true,
      };
    }
    case 'cases.phase-changed': {
      const current = opened(state, event);
      return { ...current, phase: event.data.phase };
    }
    case 'cases.chain-partner-registered': {
      const current = opened(state, event);
      const { data } = event;
      return {
        ...current,
        chainPartners: [
          ...current.chainPartners,
          { partnerId: data.partnerId, organisation: data.organisation, role: data.role, active: true },
        ],
      };
    }
    case 'cases.chain-partner-involvement-ended': {
      const current = opened(state, event);
      return {
        ...current,
        chainPartners: current.chainPartners.map((partner) =>
          partner.partnerId === event.data.partnerId ? { ...partner, active: false } : partner,
        ),
      };
    }
    case 'cases.acute-unsafety-registered': {
      const current = opened(state, event);
      if (current.status !== 'received') return fail(event, 'case not in received');
      return { ...current, status: 'acute', phase: 'immediate-safety' };
    }
    case 'cases.safety-assessment-started': {
      const current = opened(state, event);
      const assessment = current.assessments.find((candidate) => candidate.assessmentId === event.data.assessmentId);
      if (!assessment || assessment.status !== 'pending') return fail(event, 'assessment not pending');
      return {
        ...current,
        status: current.status === 'received' || current.status === 'acute' ? 'in_safety_assessment' : current.status,
        assessments: current.assessments.map((candidate) => (candidate === assessment ? { ...candidate, status: 'started' } : candidate)),
      };
    }
    case 'cases.safety-assessment-completed': {
      const current = opened(state, event);
      const { data } = event;
      const assessment = current.assessments.find((candidate) => candidate.assessmentId === data.assessmentId);
      if (!assessment || assessment.status !== 'started') return fail(event, 'assessment not started');
      return {
        ...current,
        status: current.status === 'in_safety_assessment' ? 'assessed' : current.status,
        assessments: current.assessments.map((candidate) =>
          candidate === assessment
            ? {
                ...candidate,
                status: 'completed',
                acuteUnsafety: data.acuteUnsafety,
                structuralUnsafety: data.structuralUnsafety,
                completedOn: data.completedOn,
              }
            : candidate,
        ),
      };
    }
    case 'cases.safety-assessment-overdue': {
      const current = opened(state, event);
      return {
        ...current,
        assessments: current.assessments.map((candidate) =>
          candidate.assessmentId === event.data.assessmentId ? { ...candidate, overdue: true } : candidate,
        ),
      };
    }
    case 'cases.conditions-and-follow-up-started': {
      const current = opened(state, event);
      return { ...current, status: 'conditions_and_follow_up' };
    }
    case 'cases.investigation-started': {
      const current = opened(state, event);
      const { data } = event;
      return {
        ...current,
        status: 'under_investigation',
        investigations: [
          ...current.investigations,
          { investigationId: data.investigationId, dueOn: data.dueOn, status: 'running', overdue: false },
        ],
      };
    }
    case 'cases.investigation-completed': {
      const current = opened(state, event);
      return {
        ...current,
        investigations: current.investigations.map((candidate) =>
          candidate.investigationId === event.data.investigationId ? { ...candidate, status: 'completed' } : candidate,
        ),
      };
    }
    case 'cases.investigation-overdue': {
      const current = opened(state, event);
      return {
        ...current,
        investigations: current.investigations.map((candidate) =>
          candidate.investigationId === event.data.investigationId ? { ...candidate, overdue: true } : candidate,
        ),
      };
    }
    case 'cases.child-protection-investigation-requested': {
      const current = opened(state, event);
      return { ...current, status: 'referred_to_child_protection', childProtectionRequested: true };
    }
    case 'cases.case-closed': {
      const current = opened(state, event);
      const { data } = event;
      if (current.pendingHandover) return fail(event, 'a hand-over is pending');
      if (current.status === 'closed') return fail(event, 'case already closed');
      return {
        ...current,
        status: 'closed',
        vtInvolvement: current.vtInvolvement === 'active' ? 'ended' : current.vtInvolvement,
        lastClosure: { outcome: data.outcome, closedOn: data.closedOn, closedAt: data.closedAt, director: data.director },
        rappels: current.rappels.map((rappel) =>
          rappel.status === 'scheduled' || rappel.status === 'due' ? { ...rappel, status: 'cancelled' } : rappel,
        ),
      };
    }
    case 'cases.safety-condition-added': {
      const current = opened(state, event);
      const { data } = event;
      return {
        ...current,
        plan: {
          ...current.plan,
          safetyConditions: [
            ...current.plan.safetyConditions,
            { conditionId: data.conditionId, text: data.text, owner: data.owner, dueOn: data.dueOn, status: 'open' },
          ],
        },
      };
    }
    case 'cases.safety-condition-revised': {
      const current = opened(state, event);
      const { data } = event;
      return {
        ...current,
        plan: {
          ...current.plan,
          safetyConditions: current.plan.safetyConditions.map((condition) =>
            condition.conditionId === data.conditionId
              ? { ...condition, text: data.text, owner: data.owner, dueOn: data.dueOn }
              : condition,
          ),
        },
      };
    }
    case 'cases.safety-condition-status-recorded': {
      const current = opened(state, event);
      const { data } = event;
      return {
        ...current,
        plan: {
          ...current.plan,
          safetyConditions: current.plan.safetyConditions.map((condition) =>
            condition.conditionId === data.conditionId ? { ...condition, status: data.status } : condition,
          ),
        },
      };
    }
    case 'cases.plan-part-updated': {
      const current = opened(state, event);
      const { data } = event;
      return {
        ...current,
        plan: {
          ...current.plan,
          parts: { ...current.plan.parts, [data.part]: { description: data.description, agreements: data.agreements } },
        },
      };
    }
    case 'cases.rappels-scheduled': {
      const current = opened(state, event);
      const { data } = event;
      return {
        ...current,
        status: current.status === 'handed_over' || current.status === 'de_escalated' ? 'monitoring' : current.status,
        scheduleIds: [...current.scheduleIds, data.scheduleId],
        rappels: [
          ...current.rappels,
          ...data.rappels.map((rappel) => ({
            rappelId: rappel.rappelId,
            owner: data.owner,
            dueOn: rappel.dueOn,
            deadlineOn: rappel.deadlineOn,
            status: 'scheduled' as const,
            overdue: false,
          })),
        ],
      };
    }
    case 'cases.rappel-became-due': {
      const current = opened(state, event);
      return {
        ...current,
        rappels: current.rappels.map((rappel) =>
          rappel.rappelId === event.data.rappelId && rappel.status === 'scheduled' ? { ...rappel, status: 'due' } : rappel,
        ),
      };
    }
    case 'cases.rappel-became-overdue': {
      const current = opened(state, event);
      return {
        ...current,
        rappels: current.rappels.map((rappel) => (rappel.rappelId === event.data.rappelId ? { ...rappel, overdue: true } : rappel)),
      };
    }
    case 'cases.rappel-rescheduled': {
      const current = opened(state, event);
      const rappel = current.rappels.find((candidate) => candidate.rappelId === event.data.rappelId);
      if (!rappel || rappel.status === 'completed' || rappel.status === 'cancelled') return fail(event, 'rappel not open');
      const { dueOn, deadlineOn } = event.data;
      return {
        ...current,
        rappels: current.rappels.map((candidate) =>
          candidate === rappel ? { ...candidate, dueOn, deadlineOn, status: 'scheduled', overdue: false } : candidate,
        ),
      };
    }
    case 'cases.rappel-completed': {
      const current = opened(state, event);
      const rappel = current.rappels.find((candidate) => candidate.rappelId === event.data.rappelId);
      if (!rappel || rappel.status === 'completed' || rappel.status === 'cancelled') {
        return fail(event, 'rappel not open');
      }
      return {
        ...current,
        rappels: current.rappels.map((candidate) =>
          candidate === rappel ? { ...candidate, status: 'completed', outcome: event.data.outcome } : candidate,
        ),
      };
    }
    case 'cases.signal-raised': {
      const current = opened(state, event);
      const { data } = event;
      if (current.signals.some((signal) => signal.signalId === data.signalId)) return fail(event, 'signal id in use');
      return {
        ...current,
        signals: [
          ...current.signals,
          {
            signalId: data.signalId,
            source: data.source,
            kind: data.kind,
            reason: data.reason,
            raisedAt: data.raisedAt,
            status: 'open',
            acknowledged: null,
          },
        ],
      };
    }
    case 'cases.signal-acknowledged': {
      const current = opened(state, event);
      const signal = current.signals.find((candidate) => candidate.signalId === event.data.signalId);
      if (!signal || signal.status !== 'open') return fail(event, 'signal not open');
      return {
        ...current,
        signals: current.signals.map((candidate) =>
          candidate === signal
            ? {
                ...candidate,
                status: 'acknowledged',
                acknowledged: { at: event.data.acknowledgedAt, by: event.data.acknowledgedBy, note: event.data.note },
              }
            : candidate,
        ),
      };
    }
    // What was asked is told by the feedback context; the case's own state does not change.
    case 'cases.feedback-requested':
      return opened(state, event);
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
};
