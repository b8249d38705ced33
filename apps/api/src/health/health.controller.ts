import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import type { EventStore, ProjectionRunner } from '@ketenregie/event-store';
import { probeEventStore, withTimeout } from '../event-store/probe-event-store';
import { EVENT_STORE, PROJECTION_RUNNER } from '../infrastructure/tokens';

export type Readiness = {
  status: 'ok' | 'unavailable';
  database: 'up' | 'down';
  eventStore: 'up' | 'down';
  /** Events each read model still has to apply; lag does not make the app unready. */
  projections: { name: string; lag: number }[];
};

const probeTimeoutMs = 2000;
// Counting stops here: beyond it the exact number says nothing more and only costs time.
const lagLimit = 1_000_000;

const up = (work: Promise<unknown>): Promise<'up' | 'down'> =>
  work.then(
    () => 'up' as const,
    () => 'down' as const,
  );

@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly projectionRunner: ProjectionRunner,
  ) {}

  /** The process is running and serving HTTP; a restart is the only remedy when this fails. */
  @Get('live')
  @Header('Cache-Control', 'no-store')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Whether this instance can serve requests: database and event store answer. */
  @Get('ready')
  @Header('Cache-Control', 'no-store')
  async ready(@Res({ passthrough: true }) response: Response): Promise<Readiness> {
    const [database, eventStore] = await Promise.all([
      up(withTimeout(this.dataSource.query('select 1'), probeTimeoutMs, 'the database')),
      up(probeEventStore(this.eventStore, probeTimeoutMs)),
    ]);
    const projections =
      database === 'up' && eventStore === 'up'
        ? await withTimeout(this.projectionRunner.status({ lagLimit }), probeTimeoutMs, 'projection status')
            .then((statuses) => statuses.map(({ name, lag }) => ({ name, lag })))
            .catch(() => [])
        : [];
    const status = database === 'up' && eventStore === 'up' ? 'ok' : 'unavailable';
    response.status(status === 'ok' ? 200 : 503);
    return { status, database, eventStore, projections };
  }
}
