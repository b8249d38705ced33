import { Module } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EMERGENCY_GRANTS } from '@ketenregie/access-contracts';
import { EmergencyGrantStore } from './emergency-grant-store';

/**
 * Provides the grant store, and the same instance as the `EMERGENCY_GRANTS` port for other
 * contexts. The table exists before the app takes requests: a case read must be able to ask.
 */
@Module({
  providers: [
    { provide: EmergencyGrantStore, useFactory: (dataSource: DataSource) => new EmergencyGrantStore(dataSource), inject: [DataSource] },
    { provide: EMERGENCY_GRANTS, useExisting: EmergencyGrantStore },
  ],
  exports: [EmergencyGrantStore, EMERGENCY_GRANTS],
})
export class EmergencyGrantsModule implements OnModuleInit {
  constructor(private readonly store: EmergencyGrantStore) {}

  async onModuleInit(): Promise<void> {
    await this.store.ensureSchema();
  }
}
