import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import type { CaseCommand, CaseDecider, CaseEvent, CaseState } from '@ketenregie/cases-domain';
import { EVENT_STORE, WrongExpectedVersion } from '@ketenregie/event-store';
import type { EventStore, EventToAppend, RecordedEvent } from '@ketenregie/event-store';
import { foldEvents } from '@ketenregie/kernel';
import { caseStreamId } from '../case-stream';
import { derivedUuid } from '../../http/idempotency';
import { CaseNotFound, CaseVersionMismatch, CaseWriteConflict } from './case-command-errors';
import type { AuthorizedChange, CaseCommandOutcome, ExecuteCaseCommandInput } from './execute-case-command';
import { ExecuteCaseCommand } from './execute-case-command';

export const CASE_DECIDER = 'ketenregie:cases:decider';

// Stored events are v1 everywhere so far; an upcaster goes here when a payload gets a v2.
const toDomainEvent = (event: RecordedEvent): CaseEvent =>
  ({ type: event.type, schemaVersion: event.schemaVersion, data: event.data }) as CaseEvent;

const outcomeOf = (caseId: string, events: RecordedEvent[]): CaseCommandOutcome => {
  const last = events[events.length - 1];
  return {
    caseId,
    version: last.revision,
    checkpoint: last.checkpoint,
    events: events.map((event) => event.type),
    created: events.some((event) => event.type === 'cases.case-opened'),
  };
};

@CommandHandler(ExecuteCaseCommand)
export class ExecuteCaseCommandHandler implements ICommandHandler<ExecuteCaseCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CASE_DECIDER) private readonly decider: CaseDecider,
  ) {}

  async execute({ input }: ExecuteCaseCommand): Promise<CaseCommandOutcome> {
    try {
      return await this.attempt(input);
    } catch (error) {
      // Unpinned: someone else wrote in between; decide again on the fresh state, once.
      if (!(error instanceof WrongExpectedVersion) || input.expectedVersion !== undefined) throw this.translate(input, error);
    }
    try {
      return await this.attempt(input);
    } catch (error) {
      throw this.translate(input, error);
    }
  }

  private async attempt(input: ExecuteCaseCommandInput): Promise<CaseCommandOutcome> {
    const streamId = caseStreamId(input.caseId);
    // A new case has no history to read: decide on the initial state and let the append's
    // `no_stream` check stand in for the read. If the stream exists after all (a retry, or a
    // concurrent intake with the same id) the full path below sorts out which it was.
    if (input.target === 'open' && input.expectedVersion === undefined) {
      try {
        return await this.decideAndAppend(input, streamId, this.decider.initialState(), 'no_stream');
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion)) throw error;
      }
    }
    return this.readDecideAndAppend(input, streamId);
  }

  private async readDecideAndAppend(input: ExecuteCaseCommandInput, streamId: string): Promise<CaseCommandOutcome> {
    const { caseId } = input;
    const recorded = await this.store.readStream(streamId);
    const last = recorded[recorded.length - 1];
    const version = last?.revision ?? 'no_stream';
    if (input.target === 'existing' && !last) throw new CaseNotFound(caseId);

    const state = foldEvents(this.decider, recorded.map(toDomainEvent));
    const earlier = recorded.filter((event) => event.metadata.causationId === input.commandId);
    if (earlier.length > 0) {
      // Even the answer to a retry says something about the case: only for who may send it now.
      await this.authorize(input, state, input.build(state));
      return { ...outcomeOf(caseId, earlier), replayed: true };
    }
    if (input.target === 'open' && last) throw new CaseWriteConflict(caseId, version);
    return this.decideAndAppend(input, streamId, state, version, last);
  }

  private authorize(input: ExecuteCaseCommandInput, state: CaseState, command: CaseCommand): Promise<AuthorizedChange | undefined> {
    return input.access.kind === 'user' ? input.access.authorize(state, command) : Promise.resolve(undefined);
  }

  private async decideAndAppend(
    input: ExecuteCaseCommandInput,
    streamId: string,
    state: CaseState,
    version: number | 'no_stream',
    last?: RecordedEvent,
  ): Promise<CaseCommandOutcome> {
    const { caseId, metadata } = input;
    const command = input.build(state);
    // Access first, then the pinned version: a 412 would tell someone without access that the
    // case exists and which version it is at.
    const authorized = await this.authorize(input, state, command);
    if (input.expectedVersion !== undefined && version !== input.expectedVersion) {
      throw new CaseVersionMismatch(caseId, version);
    }
    const events = this.decider.decide(command, state);
    if (events.length === 0) {
      // Nothing to record (e.g. the phase it already has): answer with the current state.
      if (!last) throw new CaseNotFound(caseId);
      return { caseId, version: last.revision, checkpoint: last.checkpoint, events: [], created: false };
    }
    const created = events.some((event) => event.type === 'cases.case-opened');
    // Before the append: should the entry fail, the change is not made.
    await authorized?.logChange(created ? 'create' : 'update');
    const eventMetadata = {
      actor: metadata.actor,
      correlationId: metadata.correlationId,
      causationId: input.commandId,
      timestamp: metadata.now.toISOString(),
    };
    // Ids derived from the command: if an append's answer is lost and it is tried again, the
    // store recognises the same events instead of recording them twice.
    const toAppend: EventToAppend[] = events.map((event, index) => ({
      id: derivedUuid(input.commandId, `event-${index}`),
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data as EventToAppend['data'],
      metadata: eventMetadata,
    }));
    const result = await this.store.appendToStream(streamId, toAppend, { expectedVersion: version });
    return {
      caseId,
      version: result.nextExpectedVersion,
      checkpoint: result.checkpoint,
      events: events.map((event) => event.type),
      created,
      // A retry whose first append did succeed: the store recognised the events by their ids.
      ...(result.alreadyStored ? { replayed: true as const } : {}),
    };
  }

  private translate(input: ExecuteCaseCommandInput, error: unknown): unknown {
    if (!(error instanceof WrongExpectedVersion)) return error;
    return input.expectedVersion !== undefined
      ? new CaseVersionMismatch(input.caseId, error.actualVersion)
      : new CaseWriteConflict(input.caseId, error.actualVersion);
  }
}
