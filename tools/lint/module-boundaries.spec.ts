import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';

// The boundary rule silently skips itself when no Nx project graph exists, so this test builds
// the graph and proves the rule really rejects what ARCHITECTURE.md forbids. ESLint runs as its
// own process because its flat config is an ES module, which jest's module loader cannot import.
const root = path.resolve(__dirname, '../..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };

type LintResult = { messages: { ruleId: string | null; message: string }[] };

const boundaryMessages = (filePath: string, code: string): string[] => {
  const run = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', filePath, '--format', 'json'],
    { cwd: root, env, input: code, encoding: 'utf8' },
  );
  const [result] = JSON.parse(run.stdout) as LintResult[];
  return result.messages.filter((message) => message.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
};

const probe = (specifier: string) => `import '${specifier}';\nexport const probe = 1;\n`;

describe('module boundaries', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(root, 'node_modules/nx/dist/bin/nx.js'), 'show', 'projects'], {
      cwd: root,
      env,
      stdio: 'ignore',
    });
  }, 120_000);

  it.each(['@nestjs/common', 'typeorm', 'pg', '@eventstore/db-client', 'react'])(
    'forbids the kernel to import %s',
    (banned) => {
      expect(boundaryMessages('libs/kernel/src/boundary-probe.ts', probe(banned)).join('\n')).toMatch(/not allowed to import/);
    },
    60_000,
  );

  it('forbids the kernel to depend on the infrastructure library', () => {
    expect(boundaryMessages('libs/kernel/src/boundary-probe.ts', probe('@ketenregie/event-store'))).not.toEqual([]);
  }, 60_000);

  it('forbids the web app to import the event store', () => {
    expect(boundaryMessages('apps/web/src/boundary-probe.ts', probe('@ketenregie/event-store'))).not.toEqual([]);
  }, 60_000);

  it('lets the API import the event store', () => {
    expect(boundaryMessages('apps/api/src/boundary-probe.ts', probe('@ketenregie/event-store'))).toEqual([]);
  }, 60_000);

  it.each(['typeorm', 'pg', '@eventstore/db-client'])(
    "forbids the access context's published ports to import %s",
    (banned) => {
      expect(boundaryMessages('libs/access/contracts/src/boundary-probe.ts', probe(banned)).join('\n')).toMatch(/not allowed to import/);
    },
    60_000,
  );

  it("forbids the access context's published ports to depend on the event store", () => {
    expect(boundaryMessages('libs/access/contracts/src/boundary-probe.ts', probe('@ketenregie/event-store')).join('\n')).toMatch(
      /"type:ports" can only depend on libs tagged with "type:kernel"/,
    );
  }, 60_000);

  it("lets the access context's published ports name the access policy's types", () => {
    expect(boundaryMessages('libs/access/contracts/src/boundary-probe.ts', probe('@ketenregie/access-domain'))).toEqual([]);
  }, 60_000);

  describe('the demo region', () => {
    it.each([
      ['the cases server', 'libs/cases/server/src/boundary-probe.ts'],
      ['the access server', 'libs/access/server/src/boundary-probe.ts'],
      ['a platform library', 'libs/platform/http/src/boundary-probe.ts'],
    ])(
      'is not imported by %s',
      (_name, probeFile) => {
        // The demo itself builds on these libraries, so the first report may be the cycle rather
        // than the tags: either way the import is refused.
        expect(boundaryMessages(probeFile, probe('@ketenregie/demo')).join('\n')).toMatch(
          /can only depend on libs tagged with|Circular dependency/,
        );
      },
      60_000,
    );

    it('is wired by the app, and drives the cases server', () => {
      expect(boundaryMessages('apps/api/src/boundary-probe.ts', probe('@ketenregie/demo'))).toEqual([]);
      expect(boundaryMessages('libs/demo/src/boundary-probe.ts', probe('@ketenregie/cases-server'))).toEqual([]);
    }, 60_000);
  });

  describe('context scopes', () => {
    it('forbids the cases server to import the access server', () => {
      expect(boundaryMessages('libs/cases/server/src/boundary-probe.ts', probe('@ketenregie/access-server')).join('\n')).toMatch(
        /"scope:cases" can only depend on libs tagged with "scope:cases", "scope:shared", "published"/,
      );
    }, 60_000);

    it('forbids the access server to import the cases domain, which the cases context does not publish', () => {
      // The layers allow a server to import a domain library: only the scope rule stops this one.
      expect(boundaryMessages('libs/access/server/src/boundary-probe.ts', probe('@ketenregie/cases-domain')).join('\n')).toMatch(
        /"scope:access" can only depend on libs tagged with/,
      );
    }, 60_000);

    it('forbids a shared library to import a context', () => {
      expect(boundaryMessages('libs/event-store/src/boundary-probe.ts', probe('@ketenregie/cases-domain')).join('\n')).toMatch(
        /"scope:shared" can only depend on libs tagged with "scope:shared"/,
      );
    }, 60_000);

    it("lets the cases server use the access context's published ports", () => {
      expect(boundaryMessages('libs/cases/server/src/boundary-probe.ts', probe('@ketenregie/access-contracts'))).toEqual([]);
    }, 60_000);

    it("forbids the shared platform libraries to import a context's ports", () => {
      expect(boundaryMessages('libs/platform/persistence/src/boundary-probe.ts', probe('@ketenregie/access-contracts')).join('\n')).toMatch(
        /"scope:shared" can only depend on libs tagged with "scope:shared"/,
      );
    }, 60_000);

    it("lets the cases server use the access context's published policy and the shared libraries", () => {
      expect(boundaryMessages('libs/cases/server/src/boundary-probe.ts', probe('@ketenregie/access-domain'))).toEqual([]);
      expect(boundaryMessages('libs/cases/server/src/boundary-probe.ts', probe('@ketenregie/event-store'))).toEqual([]);
    }, 60_000);
  });
});
