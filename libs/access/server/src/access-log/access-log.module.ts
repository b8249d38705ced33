import { Inject, Module } from '@nestjs/common';
import type { DynamicModule, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ACCESS_LOG } from '@ketenregie/access-contracts';
import { EmergencyGrantsModule } from '../authorization/emergency-grants.module';
import { AccessLog } from './access-log';
import { AccessLogController } from './access-log.controller';
import { ACCESS_LOG_MODULE_OPTIONS } from './access-log-module-options';
import type { AccessLogModuleOptions } from './access-log-module-options';
import { EmergencyGrantReviewController } from './emergency-grant-review.controller';
import { GroupCommitAccessLog, writerConnectionFrom } from './group-commit-access-log';

/**
 * The NEN 7513 access log in the app: `AccessLog` from the app's DataSource (the infrastructure
 * module's global provider), the `ACCESS_LOG` port every context injects (global, so a context
 * needs no import of the access context), and the privacy officer's endpoints. The tables exist
 * before the app takes requests: a read must never find no log to write to.
 */
@Module({})
export class AccessLogModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly accessLog: AccessLog,
    @Inject(ACCESS_LOG) private readonly writer: GroupCommitAccessLog,
  ) {}

  static register(options: AccessLogModuleOptions): DynamicModule {
    return {
      module: AccessLogModule,
      global: true,
      imports: [EmergencyGrantsModule],
      controllers: [AccessLogController, EmergencyGrantReviewController],
      providers: [
        { provide: ACCESS_LOG_MODULE_OPTIONS, useValue: options },
        { provide: AccessLog, useFactory: (dataSource: DataSource) => new AccessLog(dataSource), inject: [DataSource] },
        {
          provide: ACCESS_LOG,
          useFactory: (dataSource: DataSource) => new GroupCommitAccessLog(writerConnectionFrom(dataSource), options.writer),
          inject: [DataSource],
        },
      ],
      exports: [AccessLog, ACCESS_LOG],
    };
  }

  async onModuleInit(): Promise<void> {
    await this.accessLog.ensureSchema();
  }

  /**
   * After the HTTP server stopped and before the infrastructure closes the pool (Nest shuts global
   * modules down in reverse order of import, and the app imports this one after the
   * infrastructure): queued entries are written, then the writer's connection goes back.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.writer.close();
  }
}
