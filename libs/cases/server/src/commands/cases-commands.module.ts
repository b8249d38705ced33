import { Module } from '@nestjs/common';
import { createCaseDecider, defaultCasePolicy } from '@ketenregie/cases-domain';
import { CaseAccess } from '../access/case-access.service';
import { IdempotencyStore } from '../http/idempotency';
import { CaseCommandRunner } from './case-command-runner';
import { CasesCommandsController } from './cases-commands.controller';
import { FamilyClaims } from './family-claims';
import { CASE_DECIDER, ExecuteCaseCommandHandler } from './execute-case-command/execute-case-command.handler';

/**
 * The command side of the cases context (POST /api/cases/...). Needs from the app: the global
 * CqrsModule, `EVENT_STORE`, `PROJECTION_RUNNER` (a new family's intake waits for the family
 * index), the TypeORM `DataSource`, and the access wiring
 * (`ORGANISATION_DIRECTORY`, `EMERGENCY_GRANTS`, `ACCESS_LOG`) as global providers.
 */
@Module({
  controllers: [CasesCommandsController],
  providers: [
    // One region's rules for now; per-region policies arrive with regions in the access context.
    { provide: CASE_DECIDER, useValue: createCaseDecider(defaultCasePolicy) },
    ExecuteCaseCommandHandler,
    IdempotencyStore,
    CaseCommandRunner,
    CaseAccess,
    FamilyClaims,
  ],
})
export class CasesCommandsModule {}
