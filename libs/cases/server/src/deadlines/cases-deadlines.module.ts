import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { DEADLINE_SCHEDULER_OPTIONS, DeadlineScheduler } from './deadline-scheduler';
import type { DeadlineSchedulerOptions } from './deadline-scheduler';

/** Time-driven events of the cases context. Needs the command side's handler on the CommandBus. */
@Module({})
export class CasesDeadlinesModule {
  static register(options: DeadlineSchedulerOptions): DynamicModule {
    return {
      module: CasesDeadlinesModule,
      providers: [{ provide: DEADLINE_SCHEDULER_OPTIONS, useValue: options }, DeadlineScheduler],
      exports: [DeadlineScheduler],
    };
  }
}
