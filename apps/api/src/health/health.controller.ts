import { STATUS_CODES } from 'node:http';
import { Controller, HttpException, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { getLivenessRoute, getReadinessRoute } from '@ketenregie/contracts';
import type { Readiness } from '@ketenregie/contracts';
import { Route } from '@ketenregie/platform-http';
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

@Controller()
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
  @Route(getLivenessRoute)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Whether this instance can serve requests: database and event store answer, and every read model
   * runs somewhere without falling ever further behind. Parked events (docs/adr/0010) leave it
   * serving, `degraded`: the rest of the region is up to date, an operator must look.
   */
  @Route(getReadinessRoute)
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
      const { state, baseline } = assessProjection(
        { lag, leaseOwner, parkedEvents, heldEvents },
        this.lagBaselines.get(name),
        now,
        this.config.readiness,
      );
      if (baseline) this.lagBaselines.set(name, baseline);
      else this.lagBaselines.delete(name);
      return { name, lag, state, parkedEvents, heldEvents };
    });
    const unavailable =
      database === 'down' || eventStore === 'down' || projections.some(({ state }) => state === 'stopped' || state === 'falling-behind');
    const status = unavailable ? 'unavailable' : projections.some(({ state }) => state === 'degraded') ? 'degraded' : 'ok';
    const readiness: Readiness = { status, database, eventStore, projections };
    if (unavailable) {
      // Every error answer is a problem (RFC 9457), this one too: a load balancer reads the status
      // code, an operator the detail, and the checks come along as an extension member.
      response.setHeader('Cache-Control', 'no-store');
      throw new HttpException(
        {
          type: 'urn:ketenregie:problem:service.unavailable',
          title: STATUS_CODES[503] ?? 'Service Unavailable',
          detail:
            'Deze instantie kan nu geen verzoeken aan: de database of de event store antwoordt niet, of een leesmodel draait nergens of loopt steeds verder achter.',
          readiness,
        },
        503,
      );
    }
    return readiness;
  }
}
