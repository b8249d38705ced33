// Prints, as JSON, everything the NEN 7513 access log says about one family (AVG art. 15: what
// the family may ask to see), oldest first. The export is itself logged, as the last entry shown.
//   npm run access-log:export -- <familyId> [--user <id>] [--organisation <id>] [--role <role>] [--request-id <id>]
// --user/--organisation name who runs the export (e.g. the privacy officer handling the request).
// The database comes from the API's configuration (DATABASE_URL, or the embedded server in DATA_DIR).
// Exit 0: printed; 2: bad arguments or the export could not run (the reason goes to stderr).
import { randomUUID } from 'node:crypto';
import type { AccessActor } from '@ketenregie/access-server';
import { AccessLog, InvalidAccessLogEntry } from '@ketenregie/access-server';
import { isStartupError } from '../../apps/api/src/startup-error';
import { openDatabase } from './open-database';

const USAGE = 'usage: npm run access-log:export -- <familyId> [--user <id>] [--organisation <id>] [--role <role>] [--request-id <id>]';

type Arguments = { familyId: string | undefined; actor: AccessActor; requestId: string };

const parseArguments = (argv: string[]): Arguments | string => {
  const parsed: Arguments = {
    familyId: undefined,
    actor: { userId: 'system:access-log-export', organisationId: 'system' },
    requestId: randomUUID(),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--user' || arg === '--organisation' || arg === '--role' || arg === '--request-id') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('-')) return `${arg} needs a value`;
      if (arg === '--user') parsed.actor.userId = value;
      else if (arg === '--organisation') parsed.actor.organisationId = value;
      else if (arg === '--role') parsed.actor.role = value;
      else parsed.requestId = value;
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else if (parsed.familyId === undefined) parsed.familyId = arg;
    else return `unexpected argument ${arg}`;
  }
  return parsed;
};

const main = async (): Promise<number> => {
  const args = parseArguments(process.argv.slice(2));
  if (typeof args === 'string' || args.familyId === undefined) {
    process.stderr.write(`${typeof args === 'string' ? `${args}\n` : ''}${USAGE}\n`);
    return 2;
  }
  const database = await openDatabase('ketenregie-access-log-export');
  try {
    const accessLog = new AccessLog(database.dataSource);
    await accessLog.ensureSchema();
    const exported = await accessLog.exportForFamily(args.familyId, {
      actor: args.actor,
      requestId: args.requestId,
      route: 'CLI access-log:export',
    });
    process.stdout.write(`${JSON.stringify(exported, null, 2)}\n`);
    return 0;
  } finally {
    await database.close();
  }
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message =
      isStartupError(error) || error instanceof InvalidAccessLogEntry
        ? error.message
        : `${(error as Error)?.name}: ${(error as Error)?.message}`;
    process.stderr.write(`Access log export failed: ${message}\n`);
    process.exitCode = 2;
  },
);
