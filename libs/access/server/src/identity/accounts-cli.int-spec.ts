import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { AccountStore } from './account-store';
import { SignInService } from './sign-in.service';

const root = resolve(__dirname, '../../../../..');

type Run = { code: number | null; stdout: string; stderr: string };

const accounts = (url: string, args: string[], stdin = ''): Promise<Run> =>
  new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(root, 'tools/scripts/run-ts.cjs'), join(root, 'tools/scripts/accounts.ts'), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });

describe('npm run accounts', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let store: AccountStore;
  let signIn: SignInService;

  beforeAll(async () => {
    db = await createTestDatabase('accounts_cli');
    dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false });
    await dataSource.initialize();
    store = new AccountStore(dataSource);
    await store.ensureSchema();
    signIn = new SignInService(store, { maxFailedAttempts: 2, lockoutMs: 3_600_000 });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const create = [
    'create',
    '--username',
    'A.Jansen@vt.example',
    '--name',
    'A. Jansen',
    '--organisation',
    'vt-zhz',
    '--role',
    'veilig-thuis-professional',
  ];

  it('creates an account with the password from standard input, never from the command line', async () => {
    const refused = await accounts(db.url, [...create, '--password', 'geheim-wachtwoord-1']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('never given on the command line');

    const short = await accounts(db.url, create, 'te-kort\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('minstens 12 tekens');

    const created = await accounts(db.url, [...create, '--id', 'vt-ajansen'], 'een lang genoeg wachtwoord\n');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Account created: A.Jansen@vt.example (user id vt-ajansen');
    expect(created.stdout).not.toContain('een lang genoeg wachtwoord');
    const result = await signIn.signIn('a.jansen@vt.example', 'een lang genoeg wachtwoord');
    expect(result.ok && result.account.roles).toEqual(['veilig-thuis-professional']);
    expect((await store.findById('vt-ajansen'))?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    const again = await accounts(db.url, create, 'een lang genoeg wachtwoord\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists already');
  });

  it('unlocks, resets the password of, disables and enables an account', async () => {
    for (let attempt = 0; attempt < 2; attempt++) await signIn.signIn('a.jansen@vt.example', 'fout wachtwoord!!');
    expect((await signIn.signIn('a.jansen@vt.example', 'een lang genoeg wachtwoord')).ok).toBe(false);
    expect((await accounts(db.url, ['unlock', '--username', 'a.jansen@vt.example'])).code).toBe(0);
    expect((await signIn.signIn('a.jansen@vt.example', 'een lang genoeg wachtwoord')).ok).toBe(true);

    expect((await accounts(db.url, ['reset-password', '--username', 'a.jansen@vt.example'], 'een nieuw lang wachtwoord\n')).code).toBe(0);
    expect((await signIn.signIn('a.jansen@vt.example', 'een lang genoeg wachtwoord')).ok).toBe(false);
    expect((await signIn.signIn('a.jansen@vt.example', 'een nieuw lang wachtwoord')).ok).toBe(true);

    expect((await accounts(db.url, ['disable', '--username', 'a.jansen@vt.example'])).code).toBe(0);
    expect((await signIn.signIn('a.jansen@vt.example', 'een nieuw lang wachtwoord')).ok).toBe(false);
    expect((await accounts(db.url, ['enable', '--username', 'a.jansen@vt.example'])).code).toBe(0);
    expect((await signIn.signIn('a.jansen@vt.example', 'een nieuw lang wachtwoord')).ok).toBe(true);

    const unknown = await accounts(db.url, ['unlock', '--username', 'niemand']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no account with username niemand');
  });

  it('creates an OpenID Connect account without a password, and explains wrong usage', async () => {
    const created = await accounts(db.url, [
      'create',
      '--username',
      'b.visser@ts.example',
      '--name',
      'B. Visser',
      '--organisation',
      'ts-merwestad',
      '--role',
      'team-sociaal-consultant',
      '--role',
      'chain-partner',
      '--oidc-issuer',
      'https://login.merwestad.example',
      '--oidc-subject',
      'sub-123',
      '--no-password',
    ]);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('signs in with OpenID Connect');
    const account = await store.findByUsername('b.visser@ts.example');
    expect(account).toMatchObject({
      passwordHash: null,
      roles: ['team-sociaal-consultant', 'chain-partner'],
      oidc: { issuer: 'https://login.merwestad.example', subject: 'sub-123' },
    });

    const badRole = await accounts(db.url, ['create', '--username', 'x', '--name', 'X', '--organisation', 'o', '--role', 'superuser']);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('unknown role superuser');
    expect(badRole.stderr).toContain('usage:');
  });

  it('links a password account to an OpenID Connect subject and unlinks it, ending its sessions', async () => {
    const link = [
      'link-oidc',
      '--username',
      'a.jansen@vt.example',
      '--oidc-issuer',
      'https://login.vt.example',
      '--oidc-subject',
      'sub-jansen',
    ];
    const linked = await accounts(db.url, link);
    expect(linked.stderr).toBe('');
    expect(linked.code).toBe(0);
    expect(linked.stdout).toContain('linked to subject sub-jansen');
    expect((await store.findById('vt-ajansen'))?.oidc).toEqual({ issuer: 'https://login.vt.example', subject: 'sub-jansen' });

    const twice = await accounts(db.url, link);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('linked to a subject already');
    // One subject, one account.
    await store.create({
      id: 'vt-other',
      username: 'c.other@vt.example',
      displayName: 'C. Other',
      organisationId: 'vt-zhz',
      roles: ['veilig-thuis-professional'],
    });
    const taken = await accounts(db.url, [
      'link-oidc',
      '--username',
      'c.other@vt.example',
      '--oidc-issuer',
      'https://login.vt.example',
      '--oidc-subject',
      'sub-jansen',
    ]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('Another account is linked to this OpenID Connect subject');
    const halfLink = await accounts(db.url, ['link-oidc', '--username', 'a.jansen@vt.example', '--oidc-subject', 'sub-jansen']);
    expect(halfLink.code).toBe(2);
    expect(halfLink.stderr).toContain('--oidc-issuer is required');

    await dataSource.query(
      `insert into auth_sessions (id_hash, account_id, created_at, last_seen_at, expires_at, csrf_token, authenticated_by)
       values ('session-of-jansen', 'vt-ajansen', now(), now(), now() + interval '1 hour', 'token', 'https://login.vt.example')`,
    );
    const unlinked = await accounts(db.url, ['unlink-oidc', '--username', 'a.jansen@vt.example']);
    expect(unlinked.code).toBe(0);
    expect((await store.findById('vt-ajansen'))?.oidc).toBeNull();
    expect(await dataSource.query(`select id_hash from auth_sessions where account_id = 'vt-ajansen'`)).toEqual([]);
  });
});
