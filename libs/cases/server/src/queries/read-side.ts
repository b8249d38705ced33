import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, ProjectionRunner } from '@ketenregie/event-store';
import { EVENT_STORE, PROJECTION_RUNNER } from '@ketenregie/event-store';
import { awaitCheckpoint } from '@ketenregie/platform-http';
import { caseStreamId } from '../case-command/case-stream';

/** Read-your-writes for the cases queries: waits until the named read models passed `after`. */
@Injectable()
export class ReadYourWrites {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  wait(projections: string[], after: string | undefined): Promise<void> {
    return awaitCheckpoint(this.store, this.runner, projections, after);
  }

  /**
   * When the read models lag behind a case's own stream (past `knownVersion`, the version they
   * show, if any), waits until the named ones have passed its last event (at most 5 s, then 503)
   * and answers true; false when they are current or there is no such case. For a read that would
   * otherwise answer 404: a case just opened, or a relation just gained (a hand-over accepted), is
   * not yet in the case register, and "this case does not exist" would be false to its director,
   * who wrote it a moment ago, in this process or another. Reads that find what they need never
   * pay for it.
   */
  async caughtUpWithCase(caseId: string, knownVersion: number | undefined, projections: string[]): Promise<boolean> {
    const [last] = await this.store.readStream(caseStreamId(caseId), { direction: 'backwards', maxCount: 1 });
    if (!last || (knownVersion !== undefined && last.revision <= knownVersion)) return false;
    await awaitCheckpoint(this.store, this.runner, projections, last.checkpoint);
    return true;
  }
}
