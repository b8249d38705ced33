import type { DataSource } from 'typeorm';
import type { AccessLogRecord } from '@ketenregie/access-contracts';
import { AccessLog } from './access-log';
import type { AccessLogEntryInput } from './access-log-entry';

/**
 * The access log for rare writers outside a request (the erasure CLI, the retention job): one
 * transaction per entry, no batching. The entry is validated by the log itself (`normaliseEntry`),
 * which is why the port's plain strings may be passed on as the log's unions.
 */
export const directAccessLog = (
  dataSource: DataSource,
): { ensureSchema: () => Promise<void>; record: (entry: AccessLogRecord) => Promise<void> } => {
  const log = new AccessLog(dataSource);
  return {
    ensureSchema: () => log.ensureSchema(),
    record: async (entry) => {
      await log.record(entry as AccessLogEntryInput);
    },
  };
};
