// Checks the NEN 7513 access log's hash chain from entry 1 to the head:
//   npm run access-log:verify
// The database comes from the API's configuration (DATABASE_URL, or the embedded server in
// DATA_DIR, shared with a running app). Prints one line. Exit 0: intact; 1: broken (the line names
// the first broken entry); 2: the check could not run (the reason goes to stderr).
import { AccessLog } from '@ketenregie/access-server';
import { isStartupError } from '../../apps/api/src/startup-error';
import { openDatabase } from './open-database';

const USAGE = 'usage: npm run access-log:verify';

const entries = (count: number): string => `${count} ${count === 1 ? 'entry' : 'entries'}`;

const main = async (): Promise<number> => {
  if (process.argv.length > 2) {
    process.stderr.write(`unexpected argument ${process.argv[2]}\n${USAGE}\n`);
    return 2;
  }
  const database = await openDatabase('ketenregie-access-log-verify');
  try {
    const accessLog = new AccessLog(database.dataSource);
    await accessLog.ensureSchema();
    const result = await accessLog.verify();
    if (result.ok) {
      process.stdout.write(`Access log intact: ${entries(result.entries)}, head ${result.head.sequence} sha256:${result.head.hash}\n`);
      return 0;
    }
    process.stdout.write(
      `Access log BROKEN at entry ${result.firstBrokenSequence}: ${result.reason} (${entries(result.entriesChecked)} before it verified)\n`,
    );
    return 1;
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
    process.stderr.write(`Access log could not be verified: ${message}\n`);
    process.exitCode = 2;
  },
);
