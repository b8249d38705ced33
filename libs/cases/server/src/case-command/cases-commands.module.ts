import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { createCaseDecider, defaultCasePolicy } from '@ketenregie/cases-domain';
import type { CasePolicy } from '@ketenregie/cases-domain';
import { CaseAccess } from '../access/case-access.service';
import { IdempotencyStore } from '../http/idempotency';
import { FamilyClaims } from '../intake/family-claims';
import { KnownFamilyCheck } from '../intake/intake';
import { CaseCommandAccessPort } from './case-command-access.port';
import { CASE_DECIDER, ExecuteCaseCommandHandler } from './case-command.handler';
import { CaseCommandHttp, caseCommandsController } from './case-command.http';
import { caseCommandRoutes } from './case-command-routes';
import { CASE_SIGNALS_PORT } from '@ketenregie/contracts';
import { CaseSignalsService } from '../raise-signal/case-signals.service';

/**
 * The command side of the cases context: one endpoint per declared route (`caseCommandRoutes`).
 * Needs from the app: the global CqrsModule, `EVENT_STORE`, `PROJECTION_RUNNER` (a new family's
 * intake waits for the family index), the TypeORM `DataSource`, and the access wiring
 * (`ORGANISATION_DIRECTORY`, `PEOPLE_DIRECTORY`, `EMERGENCY_GRANTS`, `ACCESS_LOG`) as global providers.
 */
@Module({})
export class CasesCommandsModule {
  /** `policy`: the deciders' rules, with the regions' own (see `accessConfiguration`); the defaults without. */
  static register(options: { policy?: CasePolicy } = {}): DynamicModule {
    return {
      module: CasesCommandsModule,
      // Global only for what it exports: the referrer portal (feedback context) records signals through the port.
      global: true,
      controllers: [caseCommandsController(caseCommandRoutes)],
      providers: [
        { provide: CASE_DECIDER, useValue: createCaseDecider(options.policy ?? defaultCasePolicy) },
        ExecuteCaseCommandHandler,
        CaseCommandAccessPort,
        CaseCommandHttp,
        IdempotencyStore,
        CaseAccess,
        FamilyClaims,
        KnownFamilyCheck,
        CaseSignalsService,
        { provide: CASE_SIGNALS_PORT, useExisting: CaseSignalsService },
      ],
      exports: [CaseSignalsService, CASE_SIGNALS_PORT],
    };
  }
}
