import { HttpException, Inject, Logger } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import type { CaseCommand, CaseDecider, CaseEvent } from '@ketenregie/cases-domain';
import { EVENT_STORE, WrongExpectedVersion } from '@ketenregie/event-store';
import type { AppendResult, Checkpoint, EventStore, EventToAppend, RecordedEvent, StreamRevision } from '@ketenregie/event-store';
import { foldEvents, isDomainError } from '@ketenregie/kernel';
import type { AccessLogRecord, PendingAccessEntry } from '@ketenregie/access-contracts';
import { CaseAccess, accessLogEntry } from '../access/case-access.service';
import { derivedUuid, IdempotencyStore } from '../http/idempotency';
import type { StoredResponse } from '../http/idempotency';
import type { CaseCommandResult } from '@ketenregie/contracts';
import { KnownFamilyCheck, joinCaseFamily } from '../intake/intake';
import type { FamilyClaim } from '../intake/family-claims';
import { CaseAccessRefused, ExecuteCaseCommand, commandResponse } from './case-command';
import type { CaseCommandMessage, CaseCommandOutcome } from './case-command';
import { CaseCommandAccessPort } from './case-command-access.port';
import type { CommandGrant } from './case-command-access.port';
import { CaseNotFound, CaseVersionMismatch, CaseWriteConflict } from './case-command-errors';
import { caseStreamId } from './case-stream';

export const CASE_DECIDER = 'ketenregie:cases:decider';

type User = Extract<CaseCommandMessage['caller'], { kind: 'user' }>;
/**
 * What one command's access-log entry knows so far (one entry per command, however often it is
 * decided): the latest grant, the entry of the first append it tried, and that entry once written.
 */
type Journal = { grant?: CommandGrant; entry?: AccessLogRecord; pending?: PendingAccessEntry; settled?: true };
/** What a command came to, as its access-log entry says (docs/adr/0004-access-log.md). */
type Outcome = 'changed' | 'unchanged' | 'refused' | 'conflict' | 'replayed' | 'failed';

// Stored events are v1 everywhere so far; an upcaster goes here when a payload gets a v2.
const toDomainEvent = (event: RecordedEvent): CaseEvent =>
  ({ type: event.type, schemaVersion: event.schemaVersion, data: event.data }) as CaseEvent;

/**
 * The one command path of the cases context. Read the stream, fold, ask need-to-know on that very
 * state (again on the retry), decide, then append: with PostgreSQL in one transaction with the
 * access-log entry and the stored answer to the Idempotency-Key; elsewhere in the order of
 * docs/adr/0012-one-commit-per-command.md. An unpinned command that lost a race is decided again
 * on fresh state, once.
 */
@CommandHandler(ExecuteCaseCommand)
export class ExecuteCaseCommandHandler implements ICommandHandler<ExecuteCaseCommand> {
  private readonly logger = new Logger('CaseCommands');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CASE_DECIDER) private readonly decider: CaseDecider,
    private readonly access: CaseCommandAccessPort,
    private readonly log: CaseAccess,
    private readonly idempotency: IdempotencyStore,
    private readonly knownFamily: KnownFamilyCheck,
  ) {}

  async execute({ message }: ExecuteCaseCommand): Promise<CaseCommandOutcome> {
    const { caller } = message;
    const journal: Journal = {};
    let claim: FamilyClaim | undefined;
    let read: RecordedEvent[] | undefined;
    let familyHits: string[] | undefined;
    let keyClaimed = false;
    if (caller.kind === 'user' && caller.fingerprint !== undefined) {
      const claimed = await this.claimKey(message, caller, caller.fingerprint);
      // Before anything is decided or logged: the first request's answer, as the caller claiming would have sent it.
      if (claimed.kind === 'replay') return storedAnswerOutcome(message.caseId, claimed.response);
      read = claimed.events;
      familyHits = claimed.familyHits;
      keyClaimed = true;
    }
    try {
      if (caller.kind === 'user' && message.target === 'open') {
        // Checked before the known-family check, so that only those who may open a case learn of a match.
        this.access.requireOpen(caller.principal);
        const { caseId, familyId } = message.command.data as { caseId: string; familyId: string };
        if (caller.newFamily)
          claim = await this.knownFamily.refuse({
            principal: caller.principal,
            newFamily: caller.newFamily,
            caseId,
            familyId,
            request: caller.request,
            ...(familyHits ? { hits: familyHits } : {}),
          });
      }
      let outcome: CaseCommandOutcome;
      try {
        // A new case has no history to read: the append's `no_stream` stands in for the read.
        outcome = await this.attempt(message, journal, !(message.target === 'open' && message.expectedVersion === undefined), read);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion) || message.expectedVersion !== undefined) throw error;
        outcome = await this.attempt(message, journal, true);
      }
      return caller.kind === 'user' ? await this.settle(caller, journal, outcome) : outcome;
    } catch (thrown) {
      const error = thrown instanceof WrongExpectedVersion ? this.conflictOf(message, thrown.actualVersion) : thrown;
      // A reservation left behind only delays the next intake until it counts as abandoned.
      await claim?.release().catch(() => undefined);
      if (caller.kind === 'user' && !journal.settled) await this.logEnd(caller, journal, outcomeOfFailure(error));
      // A key this handler claimed is freed, so the client can retry it.
      if (caller.kind === 'user' && keyClaimed) await this.idempotency.release(caller.idempotencyKey);
      throw error;
    }
  }

  /**
   * Claims the request's Idempotency-Key in the same round trip as the command's first read: on a
   * case, the read of its stream; for a new family, the probe of the family index. A key claimed
   * before (a replay, a reused key, a request still running, one to take over) is decided by the
   * store's full claim, as the HTTP step does.
   */
  private async claimKey(
    message: CaseCommandMessage,
    caller: User,
    fingerprint: string,
  ): Promise<{ kind: 'replay'; response: StoredResponse } | { kind: 'execute'; events?: RecordedEvent[]; familyHits?: string[] }> {
    const readWith = message.target === 'existing' ? this.store.readStreamWith?.bind(this.store) : undefined;
    if (readWith) {
      const read = await readWith(caseStreamId(message.caseId), [this.idempotency.claimCompanion(caller.idempotencyKey, fingerprint)]);
      if (read.companions[0]?.['claimed'] === true) return { kind: 'execute', events: read.events };
    } else if (message.target === 'open' && caller.newFamily) {
      const companion = this.idempotency.claimCompanion(caller.idempotencyKey, fingerprint);
      const probed = await this.knownFamily.probeWith(caller.newFamily.household, companion);
      if (probed.companion?.['claimed'] === true) return { kind: 'execute', familyHits: probed.hits };
    }
    const claimed = await this.idempotency.claim(caller.idempotencyKey, fingerprint);
    return claimed.kind === 'replay' ? claimed : { kind: 'execute' };
  }

  private async attempt(
    message: CaseCommandMessage,
    journal: Journal,
    read: boolean,
    alreadyRead?: RecordedEvent[],
  ): Promise<CaseCommandOutcome> {
    const { caseId, caller } = message;
    const recorded = alreadyRead ?? (read ? await this.store.readStream(caseStreamId(caseId)) : []);
    const last = recorded[recorded.length - 1];
    const version = last?.revision ?? 'no_stream';
    if (message.target === 'existing' && !last) throw new CaseNotFound(caseId);
    const state = foldEvents(this.decider, recorded.map(toDomainEvent));
    const command = joinCaseFamily(message.command, state);
    // Before the version and before a retry's answer: a 412 or a replay would tell someone without access about the case.
    if (caller.kind === 'user') journal.grant = await this.access.authorize(caller.principal, state, command, command.metadata.now);
    const earlier = recorded.filter((event) => event.metadata.causationId === message.commandId);
    if (earlier.length > 0) return { ...outcomeOfEvents(caseId, earlier), replayed: true };
    if (message.target === 'open' && last) throw new CaseWriteConflict(caseId, version);
    if (message.expectedVersion !== undefined && version !== message.expectedVersion) throw new CaseVersionMismatch(caseId, version);
    const events = this.decider.decide(command, state);
    // Nothing to record (e.g. the phase it already has): answer with the current state.
    if (events.length === 0) {
      if (!last) throw new CaseNotFound(caseId);
      return { caseId, version: last.revision, checkpoint: last.checkpoint, events: [], created: false };
    }
    return this.append(message, journal, command, events, version);
  }

  private async append(
    message: CaseCommandMessage,
    journal: Journal,
    command: CaseCommand,
    events: CaseEvent[],
    version: StreamRevision | 'no_stream',
  ): Promise<CaseCommandOutcome> {
    const { caseId, caller, commandId } = message;
    const { actor, correlationId, now } = command.metadata;
    const metadata = { actor, correlationId, causationId: commandId, timestamp: now.toISOString() };
    // Ids derived from the command: a repeated append is recognised by the store instead of recorded twice.
    const toAppend: EventToAppend[] = events.map((event, index) => ({
      id: derivedUuid(commandId, `event-${index}`),
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data as EventToAppend['data'],
      metadata,
    }));
    const created = events.some((event) => event.type === 'cases.case-opened');
    const outcomeOf = (result: AppendResult): CaseCommandOutcome => ({
      caseId,
      version: result.nextExpectedVersion,
      checkpoint: result.checkpoint,
      events: events.map((event) => event.type),
      created,
      ...(result.alreadyStored ? { replayed: true as const } : {}),
    });
    const streamId = caseStreamId(caseId);
    if (caller.kind === 'system' || !journal.grant)
      return outcomeOf(await this.store.appendToStream(streamId, toAppend, { expectedVersion: version }));
    const entry = (journal.entry ??= accessLogEntry(
      caller.principal,
      journal.grant.granted,
      journal.grant.subject,
      created ? 'create' : 'update',
      caller.request,
    ));
    const logged = this.store.appendWithCompanions ? this.log.companionOf({ ...entry, outcome: 'changed' }) : undefined;
    if (this.store.appendWithCompanions && logged) {
      // One statement: the events, the stored answer (its version and checkpoint filled in from the
      // append itself) and the entry, which locks the chain head only while PostgreSQL runs it.
      const answer = commandResponse(outcomeOf({ nextExpectedVersion: unknownVersion, checkpoint: unknownCheckpoint }), caller.ids);
      const result = await this.store.appendWithCompanions(streamId, toAppend, { expectedVersion: version }, [
        this.idempotency.completeCompanion(caller.idempotencyKey, answer),
        logged,
      ]);
      if (!result.alreadyStored) journal.settled = true;
      return outcomeOf(result);
    }
    if (this.store.appendWithin) {
      const result = await this.store.appendWithin(streamId, toAppend, { expectedVersion: version }, async (transaction, appended) => {
        await this.idempotency.completeWithin(transaction, caller.idempotencyKey, commandResponse(outcomeOf(appended), caller.ids));
        // Last: the entry holds the chain head's lock until the commit.
        await this.log.recordWithin(transaction, { ...entry, outcome: 'changed' });
      });
      if (!result.alreadyStored) journal.settled = true;
      return outcomeOf(result);
    }
    // No shared transaction: the entry is committed first, and the append waits for it.
    journal.pending ??= await this.log.recordPending(entry);
    return outcomeOf(await this.store.appendToStream(streamId, toAppend, { expectedVersion: version }));
  }

  /** The answer, stored under the Idempotency-Key, and the entry, unless they committed with the append. */
  private async settle(caller: User, journal: Journal, outcome: CaseCommandOutcome): Promise<CaseCommandOutcome> {
    const response = commandResponse(outcome, caller.ids);
    if (!journal.settled) {
      const result: Outcome = outcome.replayed ? 'replayed' : outcome.events.length === 0 ? 'unchanged' : 'changed';
      // Without a pending entry the answer says something about the case: it waits for its entry.
      if (!journal.pending) await this.logEnd(caller, journal, result);
      await this.idempotency.complete(caller.idempotencyKey, response);
      if (journal.pending) await this.logEnd(caller, journal, result);
      journal.settled = true;
    }
    return { ...outcome, response };
  }

  /**
   * The command's one entry, at its end: a pending entry is completed without holding up the answer
   * (a lost completion leaves it `pending`, which says exactly that); otherwise an entry with the
   * outcome is written and awaited: the entry of the change it tried, or else, for a case the user
   * was allowed to work on, an update.
   */
  private async logEnd(caller: User, journal: Journal, outcome: Outcome): Promise<void> {
    const { pending, grant, entry } = journal;
    if (pending) {
      journal.pending = undefined;
      pending
        .complete(outcome)
        .catch((error: unknown) =>
          this.logger.warn(`a command's outcome was not added to the access log: ${error instanceof Error ? error.name : 'error'}`),
        );
      return;
    }
    if (entry) return this.log.record({ ...entry, outcome });
    if (grant?.caseExists)
      return this.log.record({ ...accessLogEntry(caller.principal, grant.granted, grant.subject, 'update', caller.request), outcome });
  }

  private conflictOf(message: CaseCommandMessage, actual: StreamRevision | 'no_stream'): Error {
    return message.expectedVersion !== undefined
      ? new CaseVersionMismatch(message.caseId, actual)
      : new CaseWriteConflict(message.caseId, actual);
  }
}

// Stand-ins in the answer stored by the append's statement, which puts the append's own in their place.
const unknownVersion: StreamRevision = -1;
const unknownCheckpoint = '' as Checkpoint;

/** A replay of the Idempotency-Key's stored answer; only its `response` is sent. */
const storedAnswerOutcome = (caseId: string, response: StoredResponse): CaseCommandOutcome => {
  const body = response.body as Partial<CaseCommandResult>;
  return {
    caseId,
    version: body.version ?? unknownVersion,
    checkpoint: (body.checkpoint ?? unknownCheckpoint) as Checkpoint,
    events: body.events ?? [],
    created: response.status === 201,
    replayed: true,
    storedAnswer: true,
    response,
  };
};

const outcomeOfEvents = (caseId: string, events: RecordedEvent[]): CaseCommandOutcome => {
  const last = events[events.length - 1];
  return {
    caseId,
    version: last.revision,
    checkpoint: last.checkpoint,
    events: events.map((event) => event.type),
    created: events.some((event) => event.type === 'cases.case-opened'),
  };
};

const outcomeOfFailure = (error: unknown): Outcome => {
  if (isDomainError(error) || error instanceof CaseAccessRefused) return 'refused';
  if (error instanceof HttpException && (error.getStatus() === 403 || error.getStatus() === 404)) return 'refused';
  if (error instanceof CaseVersionMismatch || error instanceof CaseWriteConflict) return 'conflict';
  return 'failed';
};
