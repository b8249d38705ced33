import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FamilyErasureService } from '@ketenregie/access-server';
import type { RetentionRun } from '@ketenregie/access-server';
import { toAmsterdamDate } from '@ketenregie/kernel';
import type { ApiConfig } from '../config/config';
import { API_CONFIG, APP_LOGGER } from '../infrastructure/tokens';
import type { Logger } from '../logging/logger';
import { errorFields } from '../logging/logger';

/**
 * Erases, in every API process on its own timer, the families whose retention ran out (20 years
 * after their last case closed, `RETENTION_YEARS`) and finishes erasures an interrupted call left.
 * Processes take turns through an advisory lock, and each erasure is idempotent, so two processes
 * never erase twice nor get in each other's way.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RetentionRun | undefined> | undefined;
  private stopped = false;
  private readonly logger: Logger;

  constructor(
    private readonly erasure: FamilyErasureService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(APP_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'retention' });
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One run now (also for tests and scripts); `undefined` when it failed (logged) or the job stopped. */
  runOnce(now: Date = new Date()): Promise<RetentionRun | undefined> {
    this.running ??= this.erasure
      .runRetention({ today: toAmsterdamDate(now), retentionYears: this.config.retentionYears })
      .catch((error: unknown) => {
        this.logger.error({ ...errorFields(error), stack: undefined }, 'retention run failed; retried at the next interval');
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.runOnce().finally(() => this.schedule(this.config.retentionScanIntervalMs));
    }, delayMs);
    // The timer alone must not keep a process alive that is otherwise done.
    this.timer.unref();
  }
}
