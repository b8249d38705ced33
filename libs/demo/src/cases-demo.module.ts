import { Module } from '@nestjs/common';
import type { DynamicModule, Type } from '@nestjs/common';
import { DEMO_CASE_LISTENER, DEMO_REGION_OPTIONS, DemoRegionLoader } from './demo-region-loader';
import type { DemoCaseListener, DemoRegionOptions } from './demo-region-loader';

/**
 * The demo region (`SEED_DEMO`, `DEMO_SCALE`). Needs from the app: the global CqrsModule with the
 * cases command handler registered, `EVENT_STORE` and the TypeORM `DataSource` (PostgreSQL).
 * `listener`: told after each demo command (see `DemoCaseListener`), with what the app makes available.
 */
@Module({})
export class CasesDemoModule {
  static register(options: DemoRegionOptions, listener?: Type<DemoCaseListener>): DynamicModule {
    return {
      module: CasesDemoModule,
      providers: [
        { provide: DEMO_REGION_OPTIONS, useValue: options },
        ...(listener ? [{ provide: DEMO_CASE_LISTENER, useClass: listener }] : []),
        DemoRegionLoader,
      ],
      exports: [DemoRegionLoader],
    };
  }
}
