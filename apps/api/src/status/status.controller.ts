import { Controller, Get, Header, Inject, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SystemStatus } from '@ketenregie/contracts';
import type { EventStore, ProjectionRunner } from '@ketenregie/event-store';
import { EVENT_STATISTICS_PROJECTION } from '@ketenregie/event-store';
import { readAppVersion } from '../config/repo-root';
import { awaitCheckpoint } from '@ketenregie/server-kit';
import type { DatabaseKind } from '../infrastructure/infrastructure';
import { DATABASE_INFO, EVENT_STORE, PROJECTION_RUNNER } from '../infrastructure/tokens';

const lagLimit = 1_000_000;

@Controller('status')
export class StatusController {
  private readonly version = readAppVersion();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly projectionRunner: ProjectionRunner,
    @Inject(DATABASE_INFO) private readonly database: { kind: DatabaseKind },
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async status(@Query('after') after?: string): Promise<SystemStatus> {
    await awaitCheckpoint(this.eventStore, this.projectionRunner, [EVENT_STATISTICS_PROJECTION], after);
    // Read from the event-statistics read model, not the log: cheap at any volume, and it
    // shows the same numbers every other query would see.
    const [rows, projections] = await Promise.all([
      this.dataSource.query<{ type: string; events: string }[]>(
        'select type, events from event_type_counts order by events desc, type',
      ),
      this.projectionRunner.status({ lagLimit }),
    ]);
    const byType = rows.map((row) => ({ type: row.type, count: Number(row.events) }));
    return {
      application: 'Ketenregie',
      version: this.version,
      eventStore: { kind: this.eventStore.kind },
      database: { kind: this.database.kind },
      events: { total: byType.reduce((sum, entry) => sum + entry.count, 0), byType },
      projections: projections.map((projection) => ({
        name: projection.name,
        lag: projection.lag,
        generation: projection.generation,
        updatedAt: projection.updatedAt ? projection.updatedAt.toISOString() : null,
      })),
      time: new Date().toISOString(),
    };
  }
}
