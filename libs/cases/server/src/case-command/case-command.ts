import { Command } from '@nestjs/cqrs';
import type { Principal } from '@ketenregie/access-domain';
import type { z } from 'zod';
import { apiBasePath } from '@ketenregie/contracts';
import type { CaseCommandResult, separateFromInputSchema } from '@ketenregie/contracts';
import type { CaseCommand, Household } from '@ketenregie/cases-domain';
import type { Checkpoint, StreamRevision } from '@ketenregie/event-store';
import { etagOf } from '../http/etag';
import type { StoredResponse } from '../http/idempotency';
import type { AccessContext } from '../access/case-access.service';

/** A new family's intake: what the known-family check searches for before the case is opened. */
export type NewFamily = { household: Household; separateFrom?: z.output<typeof separateFromInputSchema> };

/**
 * Who sends a command. `system`: an in-process caller acting for no user (the deadline scheduler,
 * the demo loader): nothing to check or log. `user`: need-to-know on the state the command is
 * decided on, the access log, and the Idempotency-Key whose stored answer commits with the change.
 */
export type CaseCommandCaller =
  | { kind: 'system' }
  | {
      kind: 'user';
      principal: Principal;
      /** The scoped Idempotency-Key this request claimed. */
      idempotencyKey: string;
      /** Request id and route template, for the access log. */
      request: AccessContext;
      /** Ids the client needs to address what it created (e.g. `{ handoverId }`). */
      ids: Record<string, string>;
      newFamily?: NewFamily;
      /**
       * The request's fingerprint when the handler is to claim the Idempotency-Key itself, with
       * its read of the stream or, for a new family, its look at the family index (one round
       * trip); absent when the caller claimed it already.
       */
      fingerprint?: string;
    };

/** One case command as plain data: what to do, to which case, for whom. No functions travel. */
export type CaseCommandMessage = {
  caseId: string;
  /** `open`: the case must not exist yet (a new family); `existing`: it must (404 otherwise). */
  target: 'open' | 'existing';
  /** Pinned by the client (If-Match): any other version is a 412, without retry. */
  expectedVersion?: StreamRevision;
  /** Stored as each event's causationId: a command found in the stream already ran and is not decided again. */
  commandId: string;
  /** The domain command, its metadata (`now`, actor, correlation id) included. */
  command: CaseCommand;
  caller: CaseCommandCaller;
};

export type CaseCommandOutcome = {
  caseId: string;
  /** Revision of the case's last event after the command. */
  version: StreamRevision;
  checkpoint: Checkpoint;
  /** Wire names of the recorded events; empty when the command changed nothing. */
  events: string[];
  /** The command opened the case. */
  created: boolean;
  /** It had run before (its events carry its causation id): this is their answer, nothing was appended. */
  replayed?: true;
  /** The answer to a user, as stored under the Idempotency-Key. */
  response?: StoredResponse;
  /** The Idempotency-Key had an answer already: that answer, nothing was decided or logged now. */
  storedAnswer?: true;
};

/** The one command path of the cases context: read, fold, authorise, decide, append. */
export class ExecuteCaseCommand extends Command<CaseCommandOutcome> {
  constructor(readonly message: CaseCommandMessage) {
    super();
  }
}

/** The access policy said no on the state the command was decided on (404 hides the case, 403 does not). */
export class CaseAccessRefused extends Error {
  override readonly name = 'CaseAccessRefused';
  constructor(readonly refusal: 'not-found' | 'forbidden') {
    super(`Case command refused: ${refusal}`);
  }
}

/** The answer to a user's command: what the client and a replay of its Idempotency-Key get. */
export const commandResponse = (outcome: CaseCommandOutcome, ids: Record<string, string>): StoredResponse => {
  const body: CaseCommandResult = {
    caseId: outcome.caseId,
    version: outcome.version,
    checkpoint: outcome.checkpoint,
    events: outcome.events,
    ids,
  };
  return {
    status: outcome.created ? 201 : 200,
    body,
    headers: {
      ETag: etagOf(outcome.version),
      ...(outcome.created ? { Location: `${apiBasePath}/cases/${encodeURIComponent(outcome.caseId)}` } : {}),
    },
  };
};
