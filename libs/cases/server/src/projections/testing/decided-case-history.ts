import type { EventStore, EventToAppend } from '@ketenregie/event-store';
import type { Actor } from '@ketenregie/kernel';
import type { CaseCommand, CaseDecider, CaseEvent, CaseState } from '@ketenregie/cases-domain';
import { caseDecider } from '@ketenregie/cases-domain';
import { caseStreamId } from '../case-events';

/** One command of a case's history: what, by whom, when. The case id is filled in. */
export type CaseHistoryStep = {
  at: Date;
  actor: Actor;
  type: CaseCommand['type'];
  data: Record<string, unknown>;
};

/**
 * For tests of the read side: writes a case's history straight to the store, each step decided
 * against the folded state, so every event is one the domain really produces (decide throws
 * otherwise). Keeps read-side tests independent of the HTTP command side. A case that already has
 * a stream is continued: its events are folded first, and the new ones appended after them.
 */
export const appendDecidedCaseHistory = async (
  store: EventStore,
  caseId: string,
  steps: readonly CaseHistoryStep[],
  decider: CaseDecider = caseDecider,
): Promise<{ eventTypes: string[]; checkpoint: string }> => {
  const earlier = await store.readStream(caseStreamId(caseId));
  let state: CaseState = earlier.reduce(
    (folded, event) => decider.evolve(folded, { type: event.type, schemaVersion: event.schemaVersion, data: event.data } as CaseEvent),
    decider.initialState(),
  );
  const events: EventToAppend[] = [];
  for (const [index, step] of steps.entries()) {
    const metadata = { now: step.at, actor: step.actor, correlationId: `history-${caseId}-${index}` };
    const command = { type: step.type, data: { caseId, ...step.data }, metadata } as unknown as CaseCommand;
    const produced = decider.decide(command, state);
    state = produced.reduce(decider.evolve, state);
    events.push(
      ...produced.map((event) => ({
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data as unknown as Record<string, unknown>,
        metadata: { actor: step.actor, correlationId: metadata.correlationId, timestamp: step.at.toISOString() },
      })),
    );
  }
  const last = earlier[earlier.length - 1];
  const { checkpoint } = await store.appendToStream(caseStreamId(caseId), events, { expectedVersion: last ? last.revision : 'no_stream' });
  return { eventTypes: events.map((event) => event.type), checkpoint };
};
