import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessLog, EmergencyGrantStore, EmergencyGrantsModule, accountPeopleDirectory } from '@ketenregie/access-server';
import type { AccessLogEntryInput } from '@ketenregie/access-server';
import { EMERGENCY_ACCESS_POLICY, EMERGENCY_GRANT_RECORDER, ORGANISATION_DIRECTORY, PEOPLE_DIRECTORY } from '@ketenregie/access-contracts';
import type { EmergencyGrantRecorder, PeopleDirectory } from '@ketenregie/access-contracts';
import type { AccessConfiguration } from '@ketenregie/cases-server';

/**
 * Need-to-know for every context, provided globally: the organisation directory and the
 * emergency-access policy of this deployment, the people directory over its accounts, the `EMERGENCY_GRANTS` port, and the writer that
 * records a break-the-glass grant with its access log entry in one transaction. Contexts inject
 * these by token; none imports another context's server code. The `ACCESS_LOG` port itself comes
 * from the access context's `AccessLogModule`.
 */
@Module({})
export class AccessWiringModule {
  static register(configuration: AccessConfiguration): DynamicModule {
    return {
      module: AccessWiringModule,
      global: true,
      imports: [EmergencyGrantsModule],
      providers: [
        { provide: ORGANISATION_DIRECTORY, useValue: configuration.directory },
        { provide: EMERGENCY_ACCESS_POLICY, useValue: configuration.emergencyPolicy },
        {
          provide: PEOPLE_DIRECTORY,
          useFactory: (dataSource: DataSource): PeopleDirectory => accountPeopleDirectory(dataSource),
          inject: [DataSource],
        },
        {
          provide: EMERGENCY_GRANT_RECORDER,
          useFactory: (dataSource: DataSource, grants: EmergencyGrantStore, accessLog: AccessLog): EmergencyGrantRecorder => ({
            record: (grant, entry) =>
              dataSource.transaction(async (manager) => {
                const granted = await grants.grant(grant, { manager });
                // Last in the transaction: the log's chain head stays locked until the commit.
                // The port's loose strings are checked by the log itself, which refuses a bad entry.
                await accessLog.record(entry as AccessLogEntryInput, { manager });
                return granted;
              }),
          }),
          inject: [DataSource, EmergencyGrantStore, AccessLog],
        },
      ],
      exports: [EmergencyGrantsModule, ORGANISATION_DIRECTORY, EMERGENCY_ACCESS_POLICY, EMERGENCY_GRANT_RECORDER, PEOPLE_DIRECTORY],
    };
  }
}
