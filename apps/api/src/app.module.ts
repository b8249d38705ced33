import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CasesCommandsModule, CasesDeadlinesModule, CasesQueriesModule } from '@ketenregie/cases-server';
import { CasesDemoModule } from '@ketenregie/demo';
import { AccessLogModule, IdentityModule } from '@ketenregie/access-server';
import { FeedbackModule } from '@ketenregie/feedback-server';
import { loadAccessConfiguration } from './access/access-configuration';
import { AccessWiringModule } from './access/access-wiring.module';
import { DEMO_ACCOUNTS_OPTIONS, DemoAccounts } from './auth/demo-accounts';
import type { ApiConfig } from './config/config';
import { ErasureModule } from './erasure/erasure.module';
import { DemoFeedback } from './feedback/demo-feedback';
import { HealthController } from './health/health.controller';
import type { Infrastructure } from './infrastructure/infrastructure';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import type { Logger } from './logging/logger';
import { StatusController } from './status/status.controller';

export type AppModuleOptions = {
  config: ApiConfig;
  infrastructure: Infrastructure;
  logger: Logger;
};

@Module({})
export class AppModule {
  static register({ config, infrastructure, logger }: AppModuleOptions): DynamicModule {
    const access = loadAccessConfiguration(config);
    if (access.directory.organisations.size === 0) {
      logger.warn('no organisations configured (ORGANISATIONS_FILE) and the demo region is off: nobody can open or see a case');
    }
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(infrastructure, config, logger),
        CqrsModule.forRoot(),
        IdentityModule.register({
          idleTimeoutMs: config.sessions.idleTimeoutMs,
          absoluteTimeoutMs: config.sessions.absoluteTimeoutMs,
          maxFailedAttempts: config.signIn.maxFailedAttempts,
          lockoutMs: config.signIn.lockoutMs,
          oidc: config.oidc,
        }),
        AccessWiringModule.register(access),
        AccessLogModule.register({ organisationDirectory: access.directory }),
        CasesCommandsModule.register({ policy: access.casePolicy }),
        CasesQueriesModule,
        CasesDeadlinesModule.register({ intervalMs: config.deadlineScanIntervalMs }),
        // The demo region is its own library, so a deployment without SEED_DEMO does not load it at all.
        ...(config.seedDemo ? [CasesDemoModule.register({ enabled: true, scale: config.demoScale }, DemoFeedback)] : []),
        FeedbackModule.register({ ...config.feedbackMail, linkSecret: infrastructure.portalLinkSecret }),
        ErasureModule,
      ],
      controllers: [HealthController, StatusController],
      providers: [{ provide: DEMO_ACCOUNTS_OPTIONS, useValue: { enabled: config.seedDemo } }, DemoAccounts],
    };
  }
}
