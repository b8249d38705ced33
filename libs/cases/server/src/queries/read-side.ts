import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, ProjectionRunner } from '@ketenregie/event-store';
import { EVENT_STORE, PROJECTION_RUNNER } from '@ketenregie/event-store';
import { awaitCheckpoint } from '@ketenregie/server-kit';

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
}
