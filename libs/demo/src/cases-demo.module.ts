import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { DEMO_REGION_OPTIONS, DemoRegionLoader } from './demo-region-loader';
import type { DemoRegionOptions } from './demo-region-loader';

/**
 * The demo region (`SEED_DEMO`, `DEMO_SCALE`). Needs from the app: the global CqrsModule with the
 * cases command handler registered, `EVENT_STORE` and the TypeORM `DataSource` (PostgreSQL).
 */
@Module({})
export class CasesDemoModule {
  static register(options: DemoRegionOptions): DynamicModule {
    return {
      module: CasesDemoModule,
      providers: [{ provide: DEMO_REGION_OPTIONS, useValue: options }, DemoRegionLoader],
      exports: [DemoRegionLoader],
    };
  }
}
