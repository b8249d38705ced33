import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { apiDocumentVersion, buildApiOpenApi } from '@ketenregie/cases-server';

// The API's OpenAPI document against our written-out Dutch API Design Rules 2.2 (Spectral): any
// error fails. The document is built exactly as GET /api/v1/openapi.json serves it. A second test
// breaks a copy of the document once per rule, so a rule that silently stopped matching (a JSONPath
// gone wrong after a Spectral upgrade) fails here instead of passing everything.

const root = resolve(__dirname, '../..');
const ruleset = join(root, 'tools/lint/adr-2.2.spectral.yaml');
const spectral = join(root, 'node_modules/@stoplight/spectral-cli/dist/index.js');
const run = promisify(execFile);

type Finding = { code: string; path: string[]; message: string; severity: number };
type Document = ReturnType<typeof buildApiOpenApi>;

let workDir: string;

const lint = async (document: unknown, name: string): Promise<Finding[]> => {
  const file = join(workDir, `${name}.json`);
  await writeFile(file, JSON.stringify(document));
  // Spectral exits 1 when it finds errors; its JSON report is on stdout either way.
  const { stdout } = await run(process.execPath, [spectral, 'lint', '--ruleset', ruleset, '--format', 'json', '--quiet', file]).catch(
    (error: { stdout?: string; stderr?: string }) => {
      if (!error.stdout) throw new Error(`spectral did not run: ${error.stderr ?? String(error)}`);
      return { stdout: error.stdout };
    },
  );
  return JSON.parse(stdout || '[]') as Finding[];
};

const errorsOf = (findings: Finding[]): string[] =>
  findings.filter((finding) => finding.severity === 0).map((finding) => `${finding.code} at ${finding.path.join('.')}: ${finding.message}`);

describe('Dutch API Design Rules 2.2 (Spectral) on the OpenAPI document', () => {
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'ketenregie-adr-'));
  });

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('finds no error in the document the API serves', async () => {
    expect(errorsOf(await lint(buildApiOpenApi({ version: apiDocumentVersion }), 'served'))).toEqual([]);
  }, 60_000);

  it('finds each kind of fault the rules describe', async () => {
    const document = JSON.parse(JSON.stringify(buildApiOpenApi({ version: apiDocumentVersion }))) as Document & Record<string, unknown>;
    const paths = document.paths as Record<
      string,
      Record<string, { responses: Record<string, { headers?: Record<string, unknown> }>; description?: string }>
    >;
    const schemas = document.components.schemas as Record<
      string,
      { properties: Record<string, Record<string, unknown>>; examples?: unknown }
    >;
    const status = paths['/status']?.['get'];
    if (!status) throw new Error('GET /status is missing from the document');
    delete status.responses['200']?.headers?.['API-Version'];
    delete status.description;
    delete (document.info as { contact?: unknown }).contact;
    document.info.version = '1.3';
    document.servers = [{ url: '/api', description: 'zonder versie' }];
    paths['/status/'] = paths['/status'] ?? {};
    delete paths['/openapi.json'];
    delete schemas['CaseDetail']?.properties['openedAt']?.['format'];
    delete schemas['ChangePhaseBody']?.examples;
    delete schemas['ChangePhaseBody']?.properties['reason']?.['description'];
    const problem = schemas['Problem'] as unknown as { required: string[] };
    problem.required = problem.required.filter((name) => name !== 'detail');

    const codes = new Set((await lint(document, 'broken')).filter((finding) => finding.severity === 0).map((finding) => finding.code));
    expect([...codes].sort()).toEqual(
      expect.arrayContaining([
        'adr-date-time-properties',
        'adr-doc-openapi-contact',
        'adr-doc-operation-description',
        'adr-doc-request-example',
        'adr-doc-request-property-description',
        'adr-no-trailing-slash',
        'adr-problem-schema',
        'adr-publish-openapi',
        'adr-semver',
        'adr-uri-version',
        'adr-version-header',
      ]),
    );
  }, 60_000);
});
