import type { Checkpoint } from '../port';

/** A read-your-writes wait gave up: the projection had not passed the checkpoint in time. */
export class ProjectionTimeout extends Error {
  override readonly name = 'ProjectionTimeout';
  constructor(
    readonly projection: string,
    readonly checkpoint: Checkpoint,
    readonly timeoutMs: number,
  ) {
    super(`Projection ${projection} did not reach checkpoint ${checkpoint} within ${timeoutMs} ms`);
  }
}

/** Another process holds the rebuild of this projection (its rebuild lease has not expired). */
export class RebuildInProgress extends Error {
  override readonly name = 'RebuildInProgress';
  constructor(
    readonly projection: string,
    readonly owner: string,
  ) {
    super(`Projection ${projection} is already being rebuilt by ${owner}`);
  }
}

/** This rebuild lost its lease to another rebuild; what it wrote is kept for whoever resumes. */
export class RebuildInterrupted extends Error {
  override readonly name = 'RebuildInterrupted';
  constructor(readonly projection: string) {
    super(`Rebuild of projection ${projection} was taken over by another process`);
  }
}
