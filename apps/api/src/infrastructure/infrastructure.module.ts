import { Global, Inject, Injectable, Module } from '@nestjs/common';
import type { DynamicModule, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FamilyErasureService, FamilyKeyStore } from '@ketenregie/access-server';
import type { ApiConfig } from '../config/config';
import type { Logger } from '../logging/logger';
import type { Infrastructure } from './infrastructure';
import { API_CONFIG, APP_LOGGER, DATABASE_INFO, EVENT_STORE, PROJECTION_RUNNER } from './tokens';

const INFRASTRUCTURE = 'ketenregie:infrastructure';

/**
 * Starts the projections once the app is wired and closes everything after the HTTP server has
 * stopped taking requests (Nest runs `onApplicationShutdown` after disposing the server).
 */
@Injectable()
class InfrastructureLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(INFRASTRUCTURE) private readonly infrastructure: Infrastructure,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.infrastructure.projectionRunner.start();
    this.logger.info({ owner: this.infrastructure.projectionRunner.owner }, 'projection runner started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.infrastructure.close();
    this.logger.info('infrastructure closed');
  }
}

@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(infrastructure: Infrastructure, config: ApiConfig, logger: Logger): DynamicModule {
    const providers = [
      { provide: INFRASTRUCTURE, useValue: infrastructure },
      { provide: API_CONFIG, useValue: config },
      { provide: APP_LOGGER, useValue: logger },
      { provide: DataSource, useValue: infrastructure.dataSource },
      { provide: EVENT_STORE, useValue: infrastructure.eventStore },
      { provide: PROJECTION_RUNNER, useValue: infrastructure.projectionRunner },
      { provide: FamilyKeyStore, useValue: infrastructure.familyKeys },
      { provide: FamilyErasureService, useValue: infrastructure.erasure },
      { provide: DATABASE_INFO, useValue: { kind: infrastructure.database.kind } },
    ];
    return {
      module: InfrastructureModule,
      providers: [...providers, InfrastructureLifecycle],
      exports: providers.map((provider) => provider.provide),
    };
  }
}
