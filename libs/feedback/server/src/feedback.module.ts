import { Inject, Injectable, Logger, Module } from '@nestjs/common';
import type { BeforeApplicationShutdown, DynamicModule, OnApplicationBootstrap } from '@nestjs/common';
import type { ModuleMetadata } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ACCESS_LOG } from '@ketenregie/access-contracts';
import type { AccessLogPort } from '@ketenregie/access-contracts';
import { EVENT_STORE } from '@ketenregie/event-store';
import type { EventStore } from '@ketenregie/event-store';
import { ensureFeedbackDeliverySchema } from './delivery/delivery-schema';
import { createDeliveryWorker } from './delivery/delivery-worker';
import type { DeliveryWorker } from './delivery/delivery-worker';
import { localMailboxTransport, smtpTransport } from './delivery/mail-transport';
import type { MailTransport } from './delivery/mail-transport';
import { MailboxController } from './mailbox/mailbox.controller';
import { PortalController } from './portal/portal.controller';
import { purgeEndedPortalSessions } from './portal/portal-sessions';
import { createMilestoneProcessor } from './milestones/milestone-processor';
import { onFeedbackQueued } from './queue-feedback/queue-feedback';
import type { MilestoneProcessor } from './milestones/milestone-processor';
import { PortalReadModelShape } from './portal/portal-read-model-shape';

export type FeedbackModuleOptions = {
  /** Absent: outgoing mail stays in the local mailbox (`GET /api/v1/admin/mailbox`). */
  smtpUrl: string | undefined;
  from: string;
  /** Where the portal links in the mails point (the app's public address). */
  publicUrl: string;
  /** Key of the portal links' tokens; the same in every process of the deployment. */
  linkSecret: Buffer;
  /**
   * Modules that provide `CASE_SIGNALS_PORT` (the cases context's), through which the portal hands a
   * referrer's signal to the case. Without it the portal shows reports but refuses signals (503).
   */
  imports?: ModuleMetadata['imports'];
};

const FEEDBACK_OPTIONS = 'ketenregie:feedback-options';

/**
 * Runs the milestone processor (case events -> queued feedback) and the outbox worker (queued
 * feedback -> mail) for the app's lifetime: started once the app is wired, stopped before the pool closes.
 */
@Injectable()
class FeedbackDelivery implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('feedback-delivery');
  private transport: MailTransport | undefined;
  private worker: DeliveryWorker | undefined;
  private milestones: MilestoneProcessor | undefined;
  private stopListening: (() => void) | undefined;
  private purgeTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(FEEDBACK_OPTIONS) private readonly options: FeedbackModuleOptions,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ACCESS_LOG) private readonly accessLog: AccessLogPort,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await ensureFeedbackDeliverySchema(this.dataSource);
    this.transport = this.options.smtpUrl ? smtpTransport({ url: this.options.smtpUrl }) : localMailboxTransport(this.dataSource);
    this.worker = createDeliveryWorker({
      db: this.dataSource,
      store: this.store,
      transport: this.transport,
      portalLinks: { secret: this.options.linkSecret, baseUrl: this.options.publicUrl },
      from: this.options.from,
      accessLog: this.accessLog,
      logger: {
        info: (fields, message) => this.logger.log({ ...fields, message }),
        warn: (fields, message) => this.logger.warn({ ...fields, message }),
      },
    });
    this.worker.start();
    const worker = this.worker;
    this.stopListening = onFeedbackQueued(() => worker.nudge());
    this.milestones = createMilestoneProcessor({
      store: this.store,
      db: this.dataSource,
      logger: {
        info: (fields, message) => this.logger.log({ ...fields, message }),
        warn: (fields, message) => this.logger.warn({ ...fields, message }),
      },
    });
    await this.milestones.start();
    // Link sessions past their hour are refused anyway; this only keeps their table small.
    this.purgeTimer = setInterval(() => {
      purgeEndedPortalSessions(this.dataSource, new Date()).catch((error: unknown) =>
        this.logger.warn({ error: error instanceof Error ? error.name : 'unknown', message: 'purging portal sessions failed' }),
      );
    }, 10 * 60_000);
    this.purgeTimer.unref();
    this.logger.log({ transport: this.transport.kind, message: 'feedback delivery started' });
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.purgeTimer);
    this.stopListening?.();
    await this.milestones?.stop();
    await this.worker?.stop();
    await this.transport?.close();
  }
}

@Module({})
export class FeedbackModule {
  static register(options: FeedbackModuleOptions): DynamicModule {
    return {
      module: FeedbackModule,
      imports: options.imports ?? [],
      controllers: [MailboxController, PortalController],
      providers: [{ provide: FEEDBACK_OPTIONS, useValue: options }, PortalReadModelShape, FeedbackDelivery],
    };
  }
}
