import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { EVENT_STORE, WrongExpectedVersion } from '@ketenregie/event-store';
import type { Checkpoint, EventStore } from '@ketenregie/event-store';
import { isDomainError } from '@ketenregie/kernel';
import { CaseWriteConflict, DEMO_REGION_LOCK, ExecuteCaseCommand } from '@ketenregie/cases-server';
import type { CaseCommandOutcome } from '@ketenregie/cases-server';
import { planDemoRegionInSlices } from './demo-plan';
import type { PlannedCase, PlannedCommand } from './demo-plan';

export const DEMO_REGION_OPTIONS = 'ketenregie:cases:demo-region-options';

export type DemoRegionOptions = {
  /** `SEED_DEMO`: load the demo region into an empty event store. */
  enabled: boolean;
  /** `DEMO_SCALE`: 1 is the seeds' region; tests use a small fraction. */
  scale: number;
  seed?: number;
  /** Cases loaded side by side; each case's own commands always run one after the other. */
  concurrency?: number;
};

/**
 * Told after each planned command was written, with its outcome: how the app lets another context
 * follow the demo year as it is written (the feedback to its referrers at each milestone, at the
 * milestone's own moment). A failure is logged and the load goes on: the cases are the demo.
 */
export type DemoCaseListener = { caseCommandLoaded: (caseId: string, outcome: CaseCommandOutcome) => Promise<void> };
export const DEMO_CASE_LISTENER = 'ketenregie:cases:demo-case-listener';

/** Marks the load in the event store itself, next to the data it describes. */
export const DEMO_REGION_STREAM = 'demo-region';
export const DEMO_REGION_STARTED = 'demo.region-loading-started';
export const DEMO_REGION_COMPLETED = 'demo.region-loading-completed';
export const DEMO_SEED = 20_230_101;

// A fresh install has a handful of events at most; a store with this many is not empty, whatever it holds.
const EMPTY_SCAN_LIMIT = 5_000;

type LoadSettings = { seed: number; scale: number; endsAt: string };

type Progress = { done: number; total: number; events: number; failed: number; nextReport: number };

/**
 * Loads the demo region after the server listens, in the background, through the real command
 * path (ExecuteCaseCommand, with `metadata.now` at each simulated moment). Only an event store
 * without any case event gets it; of several processes starting at once, the one holding the
 * advisory lock (and appending the start marker with `no_stream`) loads it. Stopped by a shutdown,
 * a later start continues the same plan: the marker keeps the seed, scale and end of the year, and
 * commands that already ran are recognised by their command id, so no case is written twice.
 */
@Injectable()
export class DemoRegionLoader implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DemoRegion');
  private running: Promise<void> | undefined;
  private stopping = false;

  constructor(
    private readonly commandBus: CommandBus,
    private readonly dataSource: DataSource,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DEMO_REGION_OPTIONS) private readonly options: DemoRegionOptions,
    @Optional() @Inject(DEMO_CASE_LISTENER) private readonly listener?: DemoCaseListener,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.enabled) return;
    const start = (): void => {
      if (this.stopping) return;
      this.running = this.load().catch((error: unknown) => {
        this.logger.error(`demo region loading failed: ${error instanceof Error ? error.name : 'error'}`);
      });
    };
    const server = this.adapterHost.httpAdapter?.getHttpServer() as
      { listening?: boolean; once?: (event: string, listener: () => void) => void } | undefined;
    // Health and status must answer while the region loads, so it starts only once HTTP is up.
    if (server?.once && !server.listening) server.once('listening', start);
    else setImmediate(start);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** Resolves when a load started by this process has ended (tests and scripts). */
  async settled(): Promise<void> {
    await this.running;
  }

  private async load(): Promise<void> {
    const connection = this.dataSource.createQueryRunner();
    await connection.connect();
    try {
      const [lock] = (await connection.query('select pg_try_advisory_lock(hashtext($1)) as locked', [DEMO_REGION_LOCK])) as {
        locked: boolean;
      }[];
      if (!lock?.locked) {
        this.logger.log('demo region is being loaded by another process');
        return;
      }
      try {
        await this.loadLocked();
      } finally {
        await connection.query('select pg_advisory_unlock(hashtext($1))', [DEMO_REGION_LOCK]);
      }
    } finally {
      await connection.release();
    }
  }

  private async loadLocked(): Promise<void> {
    const marker = await this.store.readStream(DEMO_REGION_STREAM);
    if (marker.some((event) => event.type === DEMO_REGION_COMPLETED)) {
      this.logger.log('demo region already loaded');
      return;
    }
    const started = marker.find((event) => event.type === DEMO_REGION_STARTED);
    let settings: LoadSettings;
    if (started) {
      settings = started.data as LoadSettings;
      this.logger.log('continuing to load the demo region where an earlier start stopped');
    } else {
      if (!(await this.storeHasNoCases())) {
        this.logger.log('event store already holds cases: demo region not loaded');
        return;
      }
      settings = { seed: this.options.seed ?? DEMO_SEED, scale: this.options.scale, endsAt: new Date().toISOString() };
      try {
        await this.store.appendToStream(DEMO_REGION_STREAM, [{ type: DEMO_REGION_STARTED, data: settings }], {
          expectedVersion: 'no_stream',
        });
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion)) throw error;
        this.logger.log('demo region is being loaded by another process');
        return;
      }
    }

    const startedAt = Date.now();
    this.logger.log(`loading demo region… (scale ${settings.scale})`);
    const plan = await planDemoRegionInSlices(
      { seed: settings.seed, scale: settings.scale, endsAt: new Date(settings.endsAt) },
      () => this.stopping,
    );
    if (!plan) return this.stopped();
    const total = plan.cases.reduce((sum, planned) => sum + planned.commands.length, 0);
    const progress: Progress = { done: 0, total, events: 0, failed: 0, nextReport: 10 };
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let planned = plan.cases[next++]; planned && !this.stopping; planned = plan.cases[next++]) {
        await this.loadCase(planned, progress);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.options.concurrency ?? 4) }, worker));
    if (this.stopping) return this.stopped(progress);

    const summary = {
      cases: plan.cases.length,
      events: progress.events,
      commands: progress.done,
      failedCases: progress.failed,
      durationMs: Date.now() - startedAt,
    };
    await this.store.appendToStream(DEMO_REGION_STREAM, [{ type: DEMO_REGION_COMPLETED, data: summary }], { expectedVersion: 'any' });
    this.logger.log(
      `demo region loaded: ${summary.cases} cases, ${summary.events} events ` +
        `(${summary.commands} commands, ${summary.failedCases} cases incomplete, ${Math.round(summary.durationMs / 1000)} s)`,
    );
  }

  private async loadCase(planned: PlannedCase, progress: Progress): Promise<void> {
    for (const command of planned.commands) {
      if (this.stopping) return;
      let outcome: CaseCommandOutcome;
      try {
        outcome = await this.execute(planned.caseId, command);
        progress.events += outcome.events.length;
      } catch (error) {
        // The plan was decided by the same decider, so this means someone else wrote to a demo
        // case; its later commands would build on a state the plan did not foresee.
        progress.failed += 1;
        const reason = isDomainError(error) ? error.code : error instanceof Error ? error.name : 'error';
        this.logger.warn(`demo case ${planned.caseId} left incomplete (${reason})`);
        return;
      }
      await this.tellListener(planned.caseId, command, outcome);
      progress.done += 1;
      const percent = Math.floor((progress.done / progress.total) * 100);
      if (percent >= progress.nextReport) {
        progress.nextReport = percent - (percent % 10) + 10;
        this.logger.log(`loading demo region: ${percent} % (${progress.done} of ${progress.total} commands)`);
      }
    }
  }

  private async tellListener(caseId: string, planned: PlannedCommand, outcome: CaseCommandOutcome): Promise<void> {
    if (!this.listener) return;
    try {
      await this.listener.caseCommandLoaded(caseId, outcome);
    } catch (error) {
      this.logger.warn(
        `demo case ${caseId}: follow-up of ${planned.command.type} failed (${error instanceof Error ? error.name : 'error'})`,
      );
    }
  }

  private async execute(caseId: string, planned: PlannedCommand): Promise<CaseCommandOutcome> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.commandBus.execute(
          new ExecuteCaseCommand({
            caseId,
            target: planned.target,
            commandId: planned.commandId,
            command: planned.command,
            // Invented data loaded in-process at start-up: no user, so nothing to check or log.
            caller: { kind: 'system' },
          }),
        );
      } catch (error) {
        // The deadline scheduler may write to the same case at the same moment.
        if (!(error instanceof CaseWriteConflict) || attempt >= 3) throw error;
      }
    }
  }

  private stopped(progress?: Progress): void {
    const at = progress ? ` after ${progress.done} of ${progress.total} commands` : '';
    this.logger.log(`demo region loading stopped${at}; the next start continues it`);
  }

  /** No `cases.*` event in the store: read from the start until one shows up or the log ends. */
  private async storeHasNoCases(): Promise<boolean> {
    let from: Checkpoint | 'start' = 'start';
    for (let scanned = 0; scanned < EMPTY_SCAN_LIMIT;) {
      const { events, checkpoint } = await this.store.readAll({ from, maxCount: 500 });
      if (events.some((event) => event.type.startsWith('cases.'))) return false;
      if (events.length < 500) return true;
      scanned += events.length;
      from = checkpoint;
    }
    return false;
  }
}
