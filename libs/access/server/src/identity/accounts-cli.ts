import { randomUUID } from 'node:crypto';
import { isRole, roles } from '@ketenregie/kernel';
import type { Role } from '@ketenregie/kernel';
import { AccountError } from './account-store';
import type { AccountStore } from './account-store';
import { PasswordPolicyError } from './passwords';

export const accountsUsage = `usage:
  npm run accounts -- create --username NAME --name "DISPLAY NAME" --organisation ORG-ID --role ROLE [--role ROLE...]
                             [--id USER-ID] [--oidc-issuer URL --oidc-subject SUB] [--no-password]
  npm run accounts -- reset-password --username NAME
  npm run accounts -- unlock --username NAME
  npm run accounts -- disable --username NAME
  npm run accounts -- enable --username NAME
  npm run accounts -- link-oidc --username NAME --oidc-issuer URL --oidc-subject SUB
  npm run accounts -- unlink-oidc --username NAME
An account signs in through OpenID Connect once it is linked to the provider's subject: at creation
or with link-oidc. An account created with --no-password is also linked at its first OpenID Connect
sign-in by the e-mail address the provider verified, when that is its username; a password account
never is.
The password is asked for (or read from the first line of standard input), never taken from the
command line, where it would end up in the shell history and the process list.
Roles: ${roles.join(', ')}.`;

export type AccountsCommand =
  | {
      kind: 'create';
      username: string;
      displayName: string;
      organisationId: string;
      roles: Role[];
      id: string | undefined;
      oidc: { issuer: string; subject: string } | undefined;
      withPassword: boolean;
    }
  | { kind: 'link-oidc'; username: string; oidc: { issuer: string; subject: string } }
  | { kind: 'reset-password' | 'unlock' | 'disable' | 'enable' | 'unlink-oidc'; username: string };

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const valueOptions = new Set(['--username', '--name', '--organisation', '--role', '--id', '--oidc-issuer', '--oidc-subject']);
const flagOptions = new Set(['--no-password']);
const allowedOptions: Record<AccountsCommand['kind'], readonly string[]> = {
  create: [...valueOptions, ...flagOptions],
  'reset-password': ['--username'],
  unlock: ['--username'],
  disable: ['--username'],
  enable: ['--username'],
  'link-oidc': ['--username', '--oidc-issuer', '--oidc-subject'],
  'unlink-oidc': ['--username'],
};

const isCommand = (value: string | undefined): value is AccountsCommand['kind'] => value !== undefined && value in allowedOptions;

/** Reads the command line; anything unknown, missing or repeated is a usage error naming it. */
export const parseAccountsArgs = (argv: readonly string[]): AccountsCommand => {
  const [command, ...rest] = argv;
  if (!isCommand(command)) throw new UsageError(command === undefined ? 'no command given' : `unknown command ${command}`);
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let index = 0; index < rest.length; index++) {
    const option = rest[index];
    if (option === '--password' || option.startsWith('--password=')) {
      throw new UsageError('a password is never given on the command line: it is asked for, or read from standard input');
    }
    if (!allowedOptions[command].includes(option)) throw new UsageError(`unknown option ${option} for ${command}`);
    if (flagOptions.has(option)) {
      flags.add(option);
      continue;
    }
    const value = rest[index + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${option} needs a value`);
    values.set(option, [...(values.get(option) ?? []), value]);
    index++;
  }
  const one = (option: string, required = true): string | undefined => {
    const given = values.get(option) ?? [];
    if (given.length > 1) throw new UsageError(`${option} is given more than once`);
    const value = given[0]?.trim();
    if (required && !value) throw new UsageError(`${option} is required`);
    return value || undefined;
  };
  const username = one('--username') as string;
  if (command === 'link-oidc') {
    return { kind: command, username, oidc: { issuer: one('--oidc-issuer') as string, subject: one('--oidc-subject') as string } };
  }
  if (command !== 'create') return { kind: command, username };

  const roleValues = values.get('--role') ?? [];
  if (roleValues.length === 0) throw new UsageError('--role is required');
  const unknownRole = roleValues.find((role) => !isRole(role));
  if (unknownRole !== undefined) throw new UsageError(`unknown role ${unknownRole}; use one of ${roles.join(', ')}`);
  const issuer = one('--oidc-issuer', false);
  const subject = one('--oidc-subject', false);
  if ((issuer === undefined) !== (subject === undefined)) throw new UsageError('--oidc-issuer and --oidc-subject go together');
  return {
    kind: 'create',
    username,
    displayName: one('--name') as string,
    organisationId: one('--organisation') as string,
    roles: roleValues.filter(isRole),
    id: one('--id', false),
    oidc: issuer !== undefined && subject !== undefined ? { issuer, subject } : undefined,
    withPassword: !flags.has('--no-password'),
  };
};

/** Runs one command; returns the line to print. Refusals (policy, unknown account) throw. */
export const runAccountsCommand = async (
  command: AccountsCommand,
  store: AccountStore,
  readPassword: () => Promise<string>,
): Promise<string> => {
  if (command.kind === 'create') {
    const account = await store.create({
      id: command.id ?? randomUUID(),
      username: command.username,
      displayName: command.displayName,
      organisationId: command.organisationId,
      roles: command.roles,
      ...(command.withPassword ? { password: await readPassword() } : {}),
      ...(command.oidc ? { oidc: command.oidc } : {}),
    });
    const signIn = [account.passwordHash ? 'password' : undefined, account.oidc ? 'OpenID Connect' : undefined]
      .filter(Boolean)
      .join(' and ');
    return `Account created: ${account.username} (user id ${account.id}, ${account.organisationId}, ${account.roles.join(', ')}; signs in with ${signIn || 'OpenID Connect, linked at the first sign-in by the e-mail address the provider verified'}).`;
  }
  const account = await store.findByUsername(command.username);
  if (!account) throw new AccountError('unknown-account', `There is no account with username ${command.username}.`);
  switch (command.kind) {
    case 'reset-password':
      await store.setPassword(account.id, await readPassword());
      return `Password of ${account.username} reset; its sessions have ended and any lock is lifted.`;
    case 'unlock':
      await store.unlock(account.id);
      return `Account ${account.username} unlocked.`;
    case 'disable':
      await store.disable(account.id);
      return `Account ${account.username} disabled; its sessions have ended (running servers notice within seconds).`;
    case 'enable':
      await store.enable(account.id);
      return `Account ${account.username} enabled.`;
    case 'link-oidc': {
      if (account.oidc !== null) {
        throw new AccountError('oidc-taken', `Account ${account.username} is linked to a subject already; unlink-oidc it first.`);
      }
      if (!(await store.linkOidcSubject(account.id, command.oidc.issuer, command.oidc.subject))) {
        throw new AccountError('oidc-taken', 'Another account is linked to this OpenID Connect subject already.');
      }
      return `Account ${account.username} linked to subject ${command.oidc.subject} at ${command.oidc.issuer}; it signs in through OpenID Connect from now on.`;
    }
    case 'unlink-oidc':
      await store.unlinkOidcSubject(account.id);
      return `Account ${account.username} unlinked from OpenID Connect; its sessions have ended.`;
  }
};

/** Whether an error is the operator's to fix (exit 1 with the message) rather than a fault. */
export const isAccountsRefusal = (error: unknown): error is Error => error instanceof AccountError || error instanceof PasswordPolicyError;
