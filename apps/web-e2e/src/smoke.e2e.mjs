// Browser smoke test of the built app: real API, real database, Debian's Chromium.
// Plain Node instead of a test runner because it drives one long-lived browser and server,
// and CI only needs its closing "N passed, M failed" line and exit code.
/* global AbortSignal, window, document */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const apiEntry = join(repoRoot, 'dist/api/apps/api/src/main.js');
const screenshotPath = join(repoRoot, 'dist/e2e/start-page.png');
const readyTimeoutMs = 60_000;
const pageTimeoutMs = 20_000;

const results = { passed: 0, failed: 0, skipped: 0 };

const check = async (name, fn) => {
  try {
    const note = await fn();
    results.passed += 1;
    console.log(`ok - ${name}${note ? ` (${note})` : ''}`);
  } catch (error) {
    results.failed += 1;
    console.log(`not ok - ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
};

const skip = (name, reason) => {
  results.skipped += 1;
  console.log(`skip - ${name}: ${reason}`);
};

const assert = (condition, message) => {
  if (!condition) throw new Error(message);
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const waitForReady = async (baseUrl, apiProcess) => {
  const deadline = Date.now() + readyTimeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (apiProcess && apiProcess.exitCode !== null) {
      throw new Error(`the API exited with code ${apiProcess.exitCode} before it was ready`);
    }
    try {
      const response = await fetch(new URL('/health/ready', baseUrl), { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return;
      lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await sleep(500);
  }
  throw new Error(`GET /health/ready did not answer 200 within ${readyTimeoutMs / 1000} s (last: ${lastProblem})`);
};

/** Starts the built API on a free port with its own throwaway data directory. */
const startApi = async () => {
  const port = await freePort();
  // mkdtemp makes a 0700 directory; PostgreSQL runs as its own system user and must pass through.
  const tempDir = mkdtempSync(join(tmpdir(), 'ketenregie-e2e-'));
  chmodSync(tempDir, 0o755);
  const dataDir = join(tempDir, 'data');
  const output = [];
  // Own process group, so the embedded PostgreSQL it starts can be stopped with it if it hangs.
  const child = spawn(process.execPath, [apiEntry], {
    cwd: repoRoot,
    // The demo region would load in the background for minutes; the smoke test needs an empty start.
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, SEED_DEMO: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const keep = (chunk) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));

  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
      return true;
    } catch {
      // ESRCH: nothing of the group is left.
      return false;
    }
  };
  const waitForGroupExit = async (ms) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (!signalGroup(0)) return true;
      await sleep(200);
    }
    return false;
  };

  // The API runs in its own process group, so Ctrl-C on this script would not reach it.
  const abort = (signal) => {
    signalGroup('SIGTERM');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);

  const stop = async () => {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
    // SIGTERM to the API first, so it can stop its embedded PostgreSQL cleanly; then whatever it
    // left behind in its group (an orphaned postgres would keep the port and the data dir busy).
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
    }
    signalGroup('SIGTERM');
    if (!(await waitForGroupExit(10_000))) {
      signalGroup('SIGKILL');
      await waitForGroupExit(5_000);
    }
    rmSync(tempDir, { recursive: true, force: true });
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForReady(baseUrl, child);
  } catch (error) {
    await stop();
    // The API's own log, never request data: it is the only clue when the server does not come up.
    console.error(output.join('').split('\n').slice(-40).join('\n'));
    throw error;
  }
  return { baseUrl, stop, dataDir };
};

/**
 * A session of a new account (any role sees the full status), created with `npm run accounts` on
 * the started API's database, as an operator would. Answers the session cookie's value.
 */
const createSession = async (baseUrl, dataDir) => {
  const username = 'e2e-status';
  const password = `e2e-${randomBytes(12).toString('base64url')}`;
  await new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(repoRoot, 'tools/scripts/run-ts.cjs'),
        join(repoRoot, 'tools/scripts/accounts.ts'),
        'create',
        '--username',
        username,
        '--name',
        'E2E status',
        '--organisation',
        'e2e',
        '--role',
        'policy-analyst',
      ],
      { cwd: repoRoot, env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`npm run accounts -- create exited with ${code}: ${output.trim().split('\n').at(-1)}`)),
    );
    child.stdin.end(`${password}\n`);
  });
  const response = await fetch(new URL('/api/v1/auth/sign-in', baseUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  assert(response.status === 200, `sign-in of the new account answered HTTP ${response.status}`);
  const pair = response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .find((cookie) => cookie.startsWith('ketenregie_session='));
  assert(pair, 'sign-in set no session cookie');
  return pair.slice('ketenregie_session='.length);
};

/** axe-core is optional until it is a devDependency; without it the scan is reported as skipped. */
const loadAxeSource = () => {
  const require = createRequire(import.meta.url);
  let packageJsonPath;
  try {
    packageJsonPath = require.resolve('axe-core/package.json');
  } catch {
    return undefined;
  }
  return readFileSync(join(dirname(packageJsonPath), 'axe.min.js'), 'utf8');
};

// axe-core is injected as an inline script, which the app's Content-Security-Policy rightly
// forbids: the scan opens the same address in a context that bypasses CSP for the test's own
// script, while the pages checked for console errors keep the policy.
const scanAccessibility = async (scanContext, url, axeSource) => {
  const page = await scanContext.newPage();
  try {
    await page.goto(url);
    await page.waitForLoadState('networkidle');
    await page.getByRole('main').waitFor();
    return await scanLoadedPage(page, axeSource);
  } finally {
    await page.close();
  }
};

const scanLoadedPage = async (page, axeSource) => {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
    }));
  });
  const blocking = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  for (const violation of violations.filter((v) => !blocking.includes(v))) {
    console.log(`  note: axe ${violation.impact} ${violation.id}: ${violation.help}`);
  }
  assert(blocking.length === 0, blocking.map((v) => `${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`).join('; '));
  return `${violations.length} minor/moderate finding(s)`;
};

const run = async () => {
  let api;
  let baseUrl = process.env.E2E_BASE_URL;
  if (!baseUrl) {
    api = await startApi();
    baseUrl = api.baseUrl;
  }
  console.log(`# base URL ${baseUrl}${api ? ' (API started by this test)' : ''}`);
  try {
    await runInBrowser(baseUrl, api ? () => createSession(baseUrl, api.dataDir) : undefined);
  } finally {
    await api?.stop();
  }
};

const runInBrowser = async (baseUrl, newSession) => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });

  try {
    const context = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
    const scanContext = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    page.setDefaultTimeout(pageTimeoutMs);
    const consoleErrors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    const axeSource = loadAxeSource();

    // Without a session the API says only that it is up; the page must still work for anyone.
    const publicResponse = await fetch(new URL('/api/v1/status', baseUrl));
    assert(publicResponse.ok, `GET /api/v1/status answered HTTP ${publicResponse.status}`);
    const publicStatus = await publicResponse.json();

    await check('the built API asks for sign-in everywhere but the status', async () => {
      const worklist = await fetch(new URL('/api/v1/worklists/my-cases', baseUrl), {
        // Identity headers from before sign-in existed must not count for anything.
        headers: { 'X-User-Id': 'e2e-user', 'X-Organisation-Id': 'e2e-org' },
      });
      assert(worklist.status === 401, `GET /api/v1/worklists/my-cases without a session answered HTTP ${worklist.status}`);
      const session = await fetch(new URL('/api/v1/auth/session', baseUrl));
      assert(session.status === 401, `GET /api/v1/auth/session without a session answered HTTP ${session.status}`);
      const signIn = await fetch(new URL('/api/v1/auth/sign-in', baseUrl), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'e2e-onbekend', password: 'geen-geldig-wachtwoord' }),
      });
      assert(signIn.status === 401, `a sign-in with an unknown username answered HTTP ${signIn.status}`);
      assert(!signIn.headers.get('set-cookie'), 'a refused sign-in set a cookie');
      const keys = Object.keys(publicStatus).sort().join(',');
      assert(keys === 'application,scope,status,time', `GET /api/v1/status without a session answered more than up/down: ${keys}`);
    });

    await check('start page shows a visitor without a session only that the service is up', async () => {
      await page.goto(new URL('/', baseUrl).href);
      await page.getByRole('heading', { level: 1, name: 'Systeemstatus' }).waitFor();
      const state = page.locator('dt', { hasText: /^Stand$/ }).locator('xpath=following-sibling::dd[1]');
      const shown = (await state.textContent())?.trim();
      assert(shown === 'Bereikbaar', `state shown as "${shown}"`);
      assert((await page.getByRole('table').count()) === 0, 'a visitor without a session sees tables of the status');
    });

    await check('start page has a skip link, a main landmark and the header', async () => {
      await page.getByRole('link', { name: 'Naar de inhoud' }).waitFor({ state: 'attached' });
      await page.getByRole('main').waitFor();
      await page.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();
      await page.getByRole('banner').getByText('Ketenregie', { exact: true }).waitFor();
      assert((await page.locator('html').getAttribute('lang')) === 'nl', 'html lang is not "nl"');
    });

    await check('start page logs no console errors', async () => {
      assert(consoleErrors.length === 0, consoleErrors.join(' | '));
    });

    await check('screenshot of the start page', async () => {
      mkdirSync(dirname(screenshotPath), { recursive: true });
      await page.screenshot({ path: screenshotPath, fullPage: true });
      return relative(repoRoot, screenshotPath);
    });

    if (axeSource) {
      await check('start page has no serious or critical accessibility violations (axe-core)', () =>
        scanAccessibility(scanContext, page.url(), axeSource),
      );
    } else {
      skip('start page accessibility scan', 'axe-core is not installed');
    }

    if (newSession) {
      const cookie = await newSession();
      const statusResponse = await fetch(new URL('/api/v1/status', baseUrl), { headers: { Cookie: `ketenregie_session=${cookie}` } });
      assert(statusResponse.ok, `GET /api/v1/status with a session answered HTTP ${statusResponse.status}`);
      const status = await statusResponse.json();
      const eventStoreLabel = { postgresql: 'PostgreSQL', eventstoredb: 'EventStoreDB' }[status.eventStore?.kind];
      for (const target of [context, scanContext]) await target.addCookies([{ name: 'ketenregie_session', value: cookie, url: baseUrl }]);

      await check('signed in, the start page renders the full system status from the API', async () => {
        await page.goto(new URL('/', baseUrl).href);
        await page.getByRole('heading', { level: 1, name: 'Systeemstatus' }).waitFor();
        const projections = page.getByRole('table', { name: 'Projecties' });
        await projections.waitFor();
        const eventStore = page.locator('dt', { hasText: /^Eventstore$/ }).locator('xpath=following-sibling::dd[1]');
        const shownKind = (await eventStore.textContent())?.trim();
        assert(shownKind === eventStoreLabel, `event store shown as "${shownKind}", API says "${eventStoreLabel}"`);
        for (const projection of status.projections) {
          const rowHeader = projections.getByRole('rowheader', { name: projection.name, exact: true });
          assert((await rowHeader.count()) === 1, `projection "${projection.name}" is not in the table`);
        }
        await projections.getByRole('columnheader', { name: 'Geparkeerd (events)' }).waitFor();
        await page.getByRole('table', { name: 'Events per type' }).waitFor();
        assert(consoleErrors.length === 0, `console errors: ${consoleErrors.join(' | ')}`);
        return `${eventStoreLabel}, ${status.projections.length} projection(s), ${status.events.total} event(s)`;
      });

      if (axeSource) {
        await check('signed-in start page has no serious or critical accessibility violations (axe-core)', () =>
          scanAccessibility(scanContext, page.url(), axeSource),
        );
      } else {
        skip('signed-in start page accessibility scan', 'axe-core is not installed');
      }
    } else {
      skip('signed-in start page', 'E2E_BASE_URL names a server this test cannot create an account on');
    }

    await check('unknown address shows the 404 page', async () => {
      await page.goto(new URL('/bestaat-niet', baseUrl).href);
      await page.getByRole('heading', { level: 1, name: 'Pagina niet gevonden' }).waitFor();
      await page.getByRole('link', { name: 'Naar de startpagina' }).waitFor();
      assert(consoleErrors.length === 0, `console errors: ${consoleErrors.join(' | ')}`);
    });

    if (axeSource) {
      await check('404 page has no serious or critical accessibility violations (axe-core)', () =>
        scanAccessibility(scanContext, page.url(), axeSource),
      );
    } else {
      skip('404 page accessibility scan', 'axe-core is not installed');
    }

    await context.close();
  } finally {
    await browser.close();
  }
};

try {
  await run();
} catch (error) {
  results.failed += 1;
  console.log(`not ok - setup: ${error instanceof Error ? error.message : String(error)}`);
}

console.log(`${results.passed} passed, ${results.failed} failed${results.skipped ? `, ${results.skipped} skipped` : ''}`);
process.exitCode = results.failed > 0 ? 1 : 0;
