import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import type { Readiness } from '@ketenregie/contracts';
import type { EventStore, ProjectionRunner } from '@ketenregie/event-store';
import type { ApiConfig } from '../config/config';
import { probeEventStore, withTimeout } from '../event-store/probe-event-store';
import { API_CONFIG, EVENT_STORE, PROJECTION_RUNNER } from '../infrastructure/tokens';
import type { LagBaseline } from './readiness';
import { assessProjection } from './readiness';

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
  // Per projection, the lowest lag above the bound seen by this process's probes (see `assessProjection`).
  private readonly lagBaselines = new Map<string, LagBaseline>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly projectionRunner: ProjectionRunner,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** The process is running and serving HTTP; a restart is the only remedy when this fails. */
  @Get('live')
  @Header('Cache-Control', 'no-store')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Whether this instance can serve requests: database and event store answer, and every read model
   * runs somewhere without falling ever further behind. Parked events (docs/adr/0010) leave it
   * serving, `degraded`: the rest of the region is up to date, an operator must look.
   */
  @Get('ready')
  @Header('Cache-Control', 'no-store')
  async ready(@Res({ passthrough: true }) response: Response): Promise<Readiness> {
    const [database, eventStore] = await Promise.all([
      up(withTimeout(this.dataSource.query('select 1'), probeTimeoutMs, 'the database')),
      up(probeEventStore(this.eventStore, probeTimeoutMs)),
    ]);
    const statuses =
      database === 'up' && eventStore === 'up'
        ? await withTimeout(this.projectionRunner.status({ lagLimit }), probeTimeoutMs, 'projection status').catch(() => [])
        : [];
    const now = Date.now();
    const projections = statuses.map(({ name, lag, leaseOwner, parkedEvents, heldEvents }) => {
      const { state, baseline } = assessProjection({ lag, leaseOwner, parkedEvents, heldEvents }, this.lagBaselines.get(name), now, this.config.readiness);
      if (baseline) this.lagBaselines.set(name, baseline);
      else this.lagBaselines.delete(name);
      return { name, lag, state, parkedEvents, heldEvents };
    });
    const unavailable =
      database === 'down' || eventStore === 'down' || projections.some(({ state }) => state === 'stopped' || state === 'falling-behind');
    const status = unavailable ? 'unavailable' : projections.some(({ state }) => state === 'degraded') ? 'degraded' : 'ok';
    response.status(unavailable ? 503 : 200);
    return { status, database, eventStore, projections };
  }
}
