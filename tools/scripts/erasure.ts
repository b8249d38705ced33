// Erases a family's personal data (crypto-shredding, docs/adr/0005), or shows whether it was:
//   npm run erasure -- erase --family <familyId> --reason request
//   npm run erasure -- status --family <familyId>
// The database and the master key come from the API's configuration (DATABASE_URL and MASTER_KEY,
// or the embedded server and the key file in DATA_DIR). Running API processes drop the family's key
// from their caches at once. Exit 0: done; 1: refused (the line says why); 2: wrong usage or the
// command could not run.
import {
  ErasureUsageError,
  FamilyErasureService,
  FamilyKeyStore,
  directAccessLog,
  erasureUsage,
  parseErasureArgs,
  runErasureCommand,
} from '@ketenregie/access-server';
import { CasesFamilyDataEraser } from '@ketenregie/cases-server';
import { FeedbackFamilyDataEraser } from '@ketenregie/feedback-server';
import { loadConfig } from '../../apps/api/src/config/config';
import { resolveMasterKey } from '../../apps/api/src/erasure/master-key';
import { isStartupError } from '../../apps/api/src/startup-error';
import { openDatabase } from './open-database';

const main = async (): Promise<number> => {
  let command;
  try {
    command = parseErasureArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof ErasureUsageError)) throw error;
    process.stderr.write(`${error.message}\n${erasureUsage}\n`);
    return 2;
  }
  const config = loadConfig();
  // Before the database: with DATABASE_URL a missing MASTER_KEY is the first thing to fix.
  const configured = config.databaseUrl ? await resolveMasterKey(config) : undefined;
  const database = await openDatabase('ketenregie-erasure');
  try {
    const masterKey = configured ?? (await resolveMasterKey(config));
    const keys = new FamilyKeyStore(database.dataSource, masterKey.key);
    const accessLog = directAccessLog(database.dataSource);
    await accessLog.ensureSchema();
    const service = new FamilyErasureService(
      database.dataSource,
      keys,
      [new CasesFamilyDataEraser(database.dataSource), new FeedbackFamilyDataEraser(database.dataSource)],
      { accessLog },
    );
    await service.ensureSchema();
    await keys.verifyMasterKey();
    const result = await runErasureCommand(command, service);
    (result.code === 0 ? process.stdout : process.stderr).write(`${result.output}\n`);
    return result.code;
  } finally {
    await database.close();
  }
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = isStartupError(error) ? error.message : `${(error as Error)?.name}: ${(error as Error)?.message}`;
    process.stderr.write(`The erasure command could not run: ${message}\n`);
    process.exitCode = 2;
  },
);
