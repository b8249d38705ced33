import { Command } from '@nestjs/cqrs';
import type { CaseCommand, CaseState } from '@ketenregie/cases-domain';
import type { Checkpoint, StreamRevision } from '@ketenregie/event-store';
import type { CommandMetadata } from '@ketenregie/kernel';

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
};

/** What the command path records once a permitted command is about to change the case. */
export type AuthorizedChange = {
  /**
   * Awaited before each append: a change is never made without its access log entry. Called again
   * before the append of a retry; one command has one entry (see `CommandAccessLog`).
   */
  logChange: (action: 'create' | 'update') => Promise<void>;
};

/**
 * Need-to-know for a command, decided inside the command path on the very state the command is
 * decided on (and again on a retry), so a concurrent change of direction cannot be slipped past.
 * `system`: an in-process caller acting for no user (the deadline scheduler, the demo loader).
 * `user`: throws a 404 or 403 problem when the user may not send this command to this case.
 */
export type CommandAccessCheck =
  | { kind: 'system' }
  | { kind: 'user'; authorize: (state: CaseState, command: CaseCommand) => Promise<AuthorizedChange> };

export type ExecuteCaseCommandInput = {
  caseId: string;
  /** `open`: the case must not exist yet (a new family); `existing`: it must (404 otherwise). */
  target: 'open' | 'existing';
  /** Pinned by the client (If-Match): any other version is a 412, without retry. */
  expectedVersion?: StreamRevision;
  /**
   * Identifies this command (stored as each event's causationId). When the same id is already in
   * the stream, the command ran before (a retry after a lost response) and is not decided again.
   */
  commandId: string;
  metadata: CommandMetadata;
  /** Builds the domain command from the current state (e.g. a report joins the case's family). */
  build: (state: CaseState) => CaseCommand;
  access: CommandAccessCheck;
};

/** The one command path of the cases context: read, fold, decide, append with expected version. */
export class ExecuteCaseCommand extends Command<CaseCommandOutcome> {
  constructor(readonly input: ExecuteCaseCommandInput) {
    super();
  }
}
