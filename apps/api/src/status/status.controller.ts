import { Controller, HttpException, Inject, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { getStatusRoute } from '@ketenregie/contracts';
import type { FullSystemStatus, PublicSystemStatus, SystemStatus } from '@ketenregie/contracts';
import type { EventStore, ProjectionRunner } from '@ketenregie/event-store';
import { EVENT_STATISTICS_PROJECTION } from '@ketenregie/event-store';
import { readAppVersion } from '../config/repo-root';
import { optionalPrincipal } from '@ketenregie/access-contracts';
import { awaitCheckpoint, Route } from '@ketenregie/platform-http';
import { probeEventStore, withTimeout } from '../event-store/probe-event-store';
import type { DatabaseKind } from '../infrastructure/infrastructure';
import { DATABASE_INFO, EVENT_STORE, PROJECTION_RUNNER } from '../infrastructure/tokens';

const lagLimit = 1_000_000;
const probeTimeoutMs = 2000;

const unavailable = (): HttpException =>
  new HttpException(
    {
      type: 'urn:ketenregie:problem:system.unavailable',
      title: 'Service Unavailable',
      status: 503,
      detail: 'Ketenregie is nu niet bereikbaar: de database of de eventstore antwoordt niet. Probeer het later opnieuw.',
    },
    503,
  );

@Controller()
export class StatusController {
  private readonly version = readAppVersion();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly projectionRunner: ProjectionRunner,
    @Inject(DATABASE_INFO) private readonly database: { kind: DatabaseKind },
  ) {}

  /**
   * Without a session only whether the service answers: activity counts and versions tell an
   * outsider how busy a region is and what it runs, so they need a signed-in user (any role).
   */
  @Route(getStatusRoute)
  async status(@Req() request: Request, @Query('after') after?: string): Promise<SystemStatus> {
    if (!optionalPrincipal(request)) return this.publicStatus();
    return this.fullStatus(after);
  }

  private async publicStatus(): Promise<PublicSystemStatus> {
    try {
      await Promise.all([
        withTimeout(this.dataSource.query('select 1'), probeTimeoutMs, 'the database'),
        probeEventStore(this.eventStore, probeTimeoutMs),
      ]);
    } catch {
      throw unavailable();
    }
    return { scope: 'public', application: 'Ketenregie', status: 'up', time: new Date().toISOString() };
  }

  private async fullStatus(after: string | undefined): Promise<FullSystemStatus> {
    await awaitCheckpoint(this.eventStore, this.projectionRunner, [EVENT_STATISTICS_PROJECTION], after);
    // Read from the event-statistics read model, not the log: cheap at any volume, and it
    // shows the same numbers every other query would see.
    const [rows, projections] = await Promise.all([
      this.dataSource.query<{ type: string; events: string }[]>('select type, events from event_type_counts order by events desc, type'),
      this.projectionRunner.status({ lagLimit }),
    ]);
    const byType = rows.map((row) => ({ type: row.type, count: Number(row.events) }));
    return {
      scope: 'full',
      application: 'Ketenregie',
      status: 'up',
      version: this.version,
      eventStore: { kind: this.eventStore.kind },
      database: { kind: this.database.kind },
      events: { total: byType.reduce((sum, entry) => sum + entry.count, 0), byType },
      projections: projections.map((projection) => ({
        name: projection.name,
        lag: projection.lag,
        generation: projection.generation,
        updatedAt: projection.updatedAt ? projection.updatedAt.toISOString() : null,
        parkedEvents: projection.parkedEvents,
        heldEvents: projection.heldEvents,
      })),
      time: new Date().toISOString(),
    };
  }
}
