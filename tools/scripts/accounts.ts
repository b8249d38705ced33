// Manages sign-in accounts of a deployment:
//   npm run accounts -- create --username a.jansen@gemeente.example --name "A. Jansen" \
//     --organisation vt-zhz --role veilig-thuis-professional
//   npm run accounts -- reset-password | unlock | disable | enable --username a.jansen@gemeente.example
// The database comes from the API's configuration (DATABASE_URL, or the embedded server in
// DATA_DIR). A password is asked for twice at a terminal, or read from the first line of
// standard input (`... < password.txt`), never from the command line. Exit 0: done; 1: refused
// (the line says why); 2: wrong usage or the command could not run.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import {
  AccountStore,
  UsageError,
  accountsUsage,
  isAccountsRefusal,
  parseAccountsArgs,
  runAccountsCommand,
} from '@ketenregie/access-server';
import { isStartupError } from '../../apps/api/src/startup-error';
import { openDatabase } from './open-database';

const askHidden = async (question: string): Promise<string> => {
  let muted = false;
  // Echo the question, not what is typed.
  const output = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const readline = createInterface({ input: process.stdin, output, terminal: true });
  try {
    return await new Promise<string>((resolve) => {
      readline.question(question, (answer) => resolve(answer));
      muted = true;
    });
  } finally {
    readline.close();
    process.stderr.write('\n');
  }
};

const readFirstLine = async (): Promise<string> => {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0];
};

const readPassword = async (): Promise<string> => {
  if (!process.stdin.isTTY) return readFirstLine();
  const first = await askHidden('New password (at least 12 characters): ');
  const second = await askHidden('Same password again: ');
  if (first !== second) throw new UsageError('the two passwords differ');
  return first;
};

const main = async (): Promise<number> => {
  let command;
  try {
    command = parseAccountsArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${accountsUsage}\n`);
    return 2;
  }
  const database = await openDatabase('ketenregie-accounts');
  try {
    const store = new AccountStore(database.dataSource);
    await store.ensureSchema();
    process.stdout.write(`${await runAccountsCommand(command, store, readPassword)}\n`);
    return 0;
  } catch (error) {
    if (isAccountsRefusal(error)) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
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
      isStartupError(error) || error instanceof UsageError ? error.message : `${(error as Error)?.name}: ${(error as Error)?.message}`;
    process.stderr.write(`The accounts command could not run: ${message}\n`);
    process.exitCode = 2;
  },
);
