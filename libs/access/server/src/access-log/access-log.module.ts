import { Module } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessLog } from './access-log';

/**
 * Provides `AccessLog` from the app's DataSource (the infrastructure module's global provider)
 * and creates its tables before the app takes requests: a read must never find no log to write to.
 */
@Module({
  providers: [{ provide: AccessLog, useFactory: (dataSource: DataSource) => new AccessLog(dataSource), inject: [DataSource] }],
  exports: [AccessLog],
})
export class AccessLogModule implements OnModuleInit {
  constructor(private readonly accessLog: AccessLog) {}

  async onModuleInit(): Promise<void> {
    await this.accessLog.ensureSchema();
  }
}
