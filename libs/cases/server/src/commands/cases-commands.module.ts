import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { createCaseDecider, defaultCasePolicy } from '@ketenregie/cases-domain';
import type { CasePolicy } from '@ketenregie/cases-domain';
import { CaseAccess } from '../access/case-access.service';
import { IdempotencyStore } from '../http/idempotency';
import { CaseCommandRunner } from './case-command-runner';
import { CasesCommandsController } from './cases-commands.controller';
import { FamilyClaims } from './family-claims';
import { CASE_DECIDER, ExecuteCaseCommandHandler } from './execute-case-command/execute-case-command.handler';

/**
 * The command side of the cases context (POST /api/v1/cases/...). Needs from the app: the global
 * CqrsModule, `EVENT_STORE`, `PROJECTION_RUNNER` (a new family's intake waits for the family
 * index), the TypeORM `DataSource`, and the access wiring
 * (`ORGANISATION_DIRECTORY`, `PEOPLE_DIRECTORY`, `EMERGENCY_GRANTS`, `ACCESS_LOG`) as global providers.
 */
@Module({})
export class CasesCommandsModule {
  /** `policy`: the deciders' rules, with the regions' own (see `accessConfiguration`); the defaults without. */
  static register(options: { policy?: CasePolicy } = {}): DynamicModule {
    return {
      module: CasesCommandsModule,
      controllers: [CasesCommandsController],
      providers: [
        { provide: CASE_DECIDER, useValue: createCaseDecider(options.policy ?? defaultCasePolicy) },
        ExecuteCaseCommandHandler,
        IdempotencyStore,
        CaseCommandRunner,
        CaseAccess,
        FamilyClaims,
      ],
    };
  }
}
