import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent, SignalSource } from '../case.events';
import { requireOpened, requireSteering, requireText, validatePerson } from '../case.guards';
import type { CaseState, OpenedCase } from '../case.state';
import type { OrganisationRef, PersonRef } from '../case.types';

/** What a referrer may tell the director about their report. */
export const signalKindsForReferrers = ['aid-stalls', 'new-concerns'] as const;
/** What a chain partner with a task in the plan may tell the director. */
export const signalKindsForPartners = ['task-stalls', 'family-stopped-cooperating'] as const;
export type CaseSignalKind = (typeof signalKindsForReferrers)[number] | (typeof signalKindsForPartners)[number];

export const maxSignalReasonLength = 1_000;

/** Who raises it follows from the caller's relation to the case, never from what they claim. */
export type SignalSourceInput = { kind: 'referrer'; reportId: string } | { kind: 'chain-partner'; organisationId: string };

export type RaiseSignal = Command<
  'cases.raise-signal',
  { caseId: string; signalId: string; source: SignalSourceInput; kind: CaseSignalKind; reason: string }
>;

/** `by`: the acting professional as their account names them (a colleague of the director may acknowledge). */
export type AcknowledgeSignal = Command<'cases.acknowledge-signal', { caseId: string; signalId: string; note: string; by: PersonRef }>;

/** An organisation with a task in the plan (a condition or an agreement) or an active involvement as chain partner. */
const partnerOrganisationOf = (state: OpenedCase, organisationId: string): OrganisationRef | undefined => {
  const owners = [
    ...state.plan.safetyConditions.map((condition) => condition.owner.organisation),
    ...Object.values(state.plan.parts).flatMap((part) => part.agreements.map((agreement) => agreement.owner.organisation)),
  ];
  const partner = state.chainPartners.find((candidate) => candidate.active && candidate.organisation.organisationId === organisationId);
  return partner?.organisation ?? owners.find((owner) => owner.organisationId === organisationId);
};

const sourceOf = (state: OpenedCase, source: SignalSourceInput, kind: CaseSignalKind): SignalSource => {
  if (source.kind === 'referrer') {
    if (!(signalKindsForReferrers as readonly string[]).includes(kind)) throw caseErrors.signalKindNotFitting('referrer');
    if (!state.reports.some((report) => report.reportId === source.reportId)) throw caseErrors.reportNotFound();
    return { kind: 'referrer', reportId: source.reportId };
  }
  if (!(signalKindsForPartners as readonly string[]).includes(kind)) throw caseErrors.signalKindNotFitting('chain-partner');
  const organisation = partnerOrganisationOf(state, source.organisationId);
  if (!organisation) throw caseErrors.noTaskInCase();
  return { kind: 'chain-partner', organisation };
};

/**
 * A referrer or a chain partner tells the director something. A closed case has no director to
 * act on it: the referrer is told to make a new report, which reopens the family's case.
 */
export const decideRaiseSignal = (command: RaiseSignal, state: CaseState): CaseEvent[] => {
  const { data, metadata } = command;
  const opened = requireOpened(state);
  if (opened.status === 'closed') throw caseErrors.signalOnClosedCase();
  const signalId = requireText(data.signalId, 'signalId');
  if (opened.signals.some((signal) => signal.signalId === signalId)) throw caseErrors.idInUse('signal', 'signalId');
  const source = sourceOf(opened, data.source, data.kind);
  const reason = requireText(data.reason, 'reason');
  if (reason.length > maxSignalReasonLength) throw caseErrors.textTooLong('reason', maxSignalReasonLength);
  return [
    {
      type: 'cases.signal-raised',
      schemaVersion: 1,
      data: { signalId, source, kind: data.kind, reason, raisedAt: metadata.now.toISOString() },
    },
  ];
};

/** The director's team has seen it and says what follows; that is a steering decision. */
export const decideAcknowledgeSignal = (command: AcknowledgeSignal, state: CaseState): CaseEvent[] => {
  const { data, metadata } = command;
  const opened = requireOpened(state);
  const signal = opened.signals.find((candidate) => candidate.signalId === data.signalId);
  if (!signal) throw caseErrors.signalNotFound();
  const steered = requireSteering(metadata.actor, opened);
  if (signal.status === 'acknowledged') throw caseErrors.signalAlreadyAcknowledged();
  const by = validatePerson(data.by, 'by');
  return [
    {
      type: 'cases.signal-acknowledged',
      schemaVersion: 1,
      data: {
        signalId: signal.signalId,
        note: (data.note ?? '').trim(),
        acknowledgedBy: by,
        acknowledgedAt: metadata.now.toISOString(),
        ...steered,
      },
    },
  ];
};
