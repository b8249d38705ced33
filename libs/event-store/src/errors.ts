import type { ExpectedVersion, StreamRevision } from './port';

/** The one concurrency error of the port: the stream was not at the version the writer expected. */
export class WrongExpectedVersion extends Error {
  override readonly name = 'WrongExpectedVersion';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly actualVersion: StreamRevision | 'no_stream',
  ) {
    super(`Stream ${streamId} is at ${String(actualVersion)}, expected ${String(expectedVersion)}`);
  }
}

/** An append reused event ids that are already stored in a different place or with other content. */
export class DuplicateEventId extends Error {
  override readonly name = 'DuplicateEventId';
  constructor(readonly eventId: string) {
    super(`Event id ${eventId} is already stored elsewhere`);
  }
}

export class InvalidAppend extends Error {
  override readonly name = 'InvalidAppend';
}
