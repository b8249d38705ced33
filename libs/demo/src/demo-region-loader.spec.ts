import type { CommandBus } from '@nestjs/cqrs';
import type { HttpAdapterHost } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import type { EventStore, EventToAppend } from '@ketenregie/event-store';
import { DEMO_REGION_COMPLETED, DEMO_REGION_STARTED, DemoRegionLoader } from './demo-region-loader';

jest.setTimeout(60_000);

describe('demo region loader', () => {
  it('stops between commands when the application shuts down, and does not mark the region loaded', async () => {
    const appended: string[] = [];
    const store = {
      readStream: async () => [],
      readAll: async () => ({ events: [], checkpoint: 'start' }),
      appendToStream: async (_streamId: string, events: EventToAppend[]) => {
        appended.push(...events.map((event) => event.type));
        return { nextExpectedVersion: 0, checkpoint: '1' };
      },
    } as unknown as EventStore;
    const dataSource = {
      createQueryRunner: () => ({
        connect: async () => undefined,
        query: async (sql: string) => (sql.includes('pg_try_advisory_lock') ? [{ locked: true }] : []),
        release: async () => undefined,
      }),
    } as unknown as DataSource;
    let executed = 0;
    let stopping: Promise<void> | undefined;
    const started: { loader?: DemoRegionLoader } = {};
    const commandBus = {
      execute: async () => {
        executed += 1;
        // A shutdown arrives while commands are running.
        if (executed === 25) stopping = started.loader?.beforeApplicationShutdown();
        await new Promise((resolve) => setImmediate(resolve));
        return { events: ['cases.case-opened'] };
      },
    } as unknown as CommandBus;
    const loader = new DemoRegionLoader(commandBus, dataSource, { httpAdapter: undefined } as unknown as HttpAdapterHost, store, {
      enabled: true,
      scale: 0.02,
      seed: 7,
      concurrency: 2,
    });
    started.loader = loader;
    loader.onApplicationBootstrap();
    await new Promise((resolve) => setImmediate(resolve));
    await loader.settled();
    await stopping;
    expect(stopping).toBeDefined();
    // The two commands under way finish; no further one starts.
    expect(executed).toBeGreaterThanOrEqual(25);
    expect(executed).toBeLessThanOrEqual(27);
    expect(appended).toEqual([DEMO_REGION_STARTED]);
    expect(appended).not.toContain(DEMO_REGION_COMPLETED);
  });
});
