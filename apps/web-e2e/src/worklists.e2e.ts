import type { Page } from '@playwright/test';
import { apiAs } from './support/api';
import { expect, test } from './support/fixtures';
import {
  familyLabelOf,
  offerToGorinchemTeam,
  openCaseFromWorklist,
  openWorklistTab,
  registerTestReport,
  waitForWorklist,
  worklistRow,
  worklistTable,
} from './support/pages/worklists';

// Werkvoorraad in a real browser on the real API: counts, the assessment order (overdue first),
// sort, filter, paging, state in the address, self-refresh, "back" marking the opened row, the
// hand-over offer on the receiving team's list, and the time a worklist of 500 cases takes.
// Test data only: invented families, each run with its own suffix.

const suffix = () => Math.random().toString(36).slice(2, 7);

type Counts = Record<string, number>;

/** The row labels in the order the table shows them, limited to `ours`. */
const orderOf = async (page: Page, ours: string[]): Promise<string[]> => {
  const labels = await worklistTable(page).locator('tbody th a').allTextContents();
  return labels.filter((label) => ours.includes(label));
};

/** The API sorts, so a new order arrives with the next page: wait for it. */
const expectOrder = (page: Page, ours: string[], expected: string[]) => expect.poll(() => orderOf(page, ours)).toEqual(expected);

test.describe('Werkvoorraad', () => {
  test('Veilig Thuis sees new reports on "Beoordelen", overdue first, with counts; sorts, filters and finds its place again', async ({
    page,
    signInAs,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    const run = suffix();
    const vt = await apiAs('vt');
    const overdue = { familyName: `Zwaluw${run}`, receivedDaysAgo: 14 };
    const dueGorinchem = { familyName: `Appel${run}` };
    const dueMolenlanden = { familyName: `Merel${run}`, municipality: 'Molenlanden', postcode: '4241 AB' };
    const cases = new Map<string, string>();
    for (const report of [overdue, dueGorinchem, dueMolenlanden])
      cases.set(familyLabelOf(report), (await registerTestReport(vt, report)).caseId);
    const [overdueLabel, appelLabel, merelLabel] = [...cases.keys()];
    const ours = [...cases.keys()];

    await signInAs('vt');
    // The start page of Veilig Thuis.
    await expect(page).toHaveURL(/\/werkvoorraad\/beoordelen$/);
    await expect(page).toHaveTitle('Werkvoorraad: Beoordelen – Ketenregie');
    await expect(page.getByRole('heading', { level: 1, name: 'Werkvoorraad' })).toBeVisible();
    await waitForWorklist(page);
    await expect(worklistRow(page, overdueLabel)).toBeVisible();

    // The tab says how many and how many of those are late, as the API counts them.
    const counts = await vt.get<Counts>('/worklists/counts');
    expect(counts['assessments-overdue']).toBeGreaterThanOrEqual(1);
    const tabs = page.getByRole('navigation', { name: 'Werklijsten' });
    await expect(tabs.getByRole('link', { name: /^Beoordelen/ })).toHaveText(
      `Beoordelen ${counts['assessments-due'] + counts['assessments-overdue']}, waarvan ${counts['assessments-overdue']} te laat`,
    );
    await expect(tabs.getByRole('link', { name: /^Mijn casussen/ })).toHaveText(`Mijn casussen ${counts['my-cases']}`);
    await expect(tabs.getByRole('link')).toHaveText([
      /^Mijn casussen/,
      /^Beoordelen/,
      /^Rappels/,
      /^Recidive/,
      /^Overdrachten/,
      /^Signalen/,
      /^Terugkoppeling/,
    ]);

    // Overdue first, said in words; the assessment counted in working days.
    await expectOrder(page, ours, [overdueLabel, appelLabel, merelLabel]);
    await expect(worklistRow(page, overdueLabel).getByRole('cell').nth(2)).toContainText(/Te laat.*werkdag(en)? te laat/);
    await expect(worklistRow(page, appelLabel).getByRole('cell').nth(2)).toContainText(/nog \d werkdag|uiterlijk vandaag/);
    await expect(worklistRow(page, appelLabel).getByRole('cell').nth(3)).toContainText('Vera Thuis (Veilig Thuis Zuid-Holland Zuid)');
    const deadlineHeader = page.getByRole('columnheader', { name: 'Termijn' });
    await expect(deadlineHeader).toHaveAttribute('aria-sort', 'ascending');
    await saveScreenshot('worklist-beoordelen-1280');
    await expectAccessible('worklist, Beoordelen');

    // Sort by family: the address keeps it, the header says it.
    await page.getByRole('button', { name: 'Gezin' }).click();
    await expect(page).toHaveURL(/sorteer=gezin/);
    await expect(page.getByRole('columnheader', { name: 'Gezin' })).toHaveAttribute('aria-sort', 'ascending');
    await expect(deadlineHeader).toHaveAttribute('aria-sort', 'none');
    await expectOrder(page, ours, [appelLabel, merelLabel, overdueLabel]);
    await page.getByRole('button', { name: 'Gezin' }).click();
    await expect(page.getByRole('columnheader', { name: 'Gezin' })).toHaveAttribute('aria-sort', 'descending');
    await expectOrder(page, ours, [overdueLabel, merelLabel, appelLabel]);

    // Filter chips: one municipality, then clear.
    const chips = page.getByRole('group', { name: 'Filters' });
    await chips.getByRole('button', { name: 'Gemeente: Molenlanden' }).click();
    await expect(page).toHaveURL(/gemeente=Molenlanden/);
    await expect(chips.getByRole('button', { name: 'Gemeente: Molenlanden' })).toHaveAttribute('aria-pressed', 'true');
    await expect(worklistRow(page, merelLabel)).toBeVisible();
    await expect(worklistRow(page, appelLabel)).toHaveCount(0);
    // The tab counts take the same filter, so each tab's number is the list it opens.
    const molenlanden = await vt.get<Counts>('/worklists/counts?municipality=Molenlanden');
    await expect(tabs.getByRole('link', { name: /^Beoordelen/ })).toHaveText(new RegExp(`^Beoordelen ${molenlanden['assessments']}(,|$)`));
    // The address alone gives the same list (a reload or a shared link).
    await page.reload();
    await waitForWorklist(page);
    await expect(worklistRow(page, merelLabel)).toBeVisible();
    await expect(worklistRow(page, appelLabel)).toHaveCount(0);
    await chips.getByRole('button', { name: 'Filters wissen' }).click();
    await expect(page).not.toHaveURL(/gemeente=/);
    await expect(chips.getByRole('button').first()).toBeFocused();
    await expect(worklistRow(page, appelLabel)).toBeVisible();
    await page.getByRole('button', { name: 'Termijn' }).click();
    await expect(deadlineHeader).toHaveAttribute('aria-sort', 'ascending');

    // A refresh keeps focus where it was and announces the new row.
    const sortButton = page.getByRole('button', { name: 'Termijn' });
    await sortButton.focus();
    const late = { familyName: `Kievit${run}`, receivedDaysAgo: 20 };
    await registerTestReport(vt, late);
    await expect
      .poll(
        async () => {
          await page.evaluate(() => window.dispatchEvent(new Event('visibilitychange')));
          return worklistRow(page, familyLabelOf(late)).count();
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    await expect(page.locator('[aria-live="polite"]')).toHaveText('Lijst bijgewerkt: 1 nieuw');
    await expect(sortButton).toBeFocused();

    // The family's link opens the case; back shows the same list with the opened row marked.
    const listAddress = page.url();
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await openCaseFromWorklist(page, appelLabel)).toBe(cases.get(appelLabel));
    await page.goBack();
    await expect(page).toHaveURL(listAddress);
    await expect(worklistRow(page, appelLabel)).toContainText('Laatst geopend');

    // At phone width each row is a card, with each value named.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.locator('thead')).toHaveCSS('position', 'absolute');
    await expect(worklistRow(page, appelLabel).locator('td').first()).toHaveCSS('display', 'block');
    await saveScreenshot('worklist-beoordelen-390');
    await expectAccessible('worklist at 390 px');

    // Other tabs: an empty state says so.
    await page.setViewportSize({ width: 1280, height: 900 });
    await openWorklistTab(page, 'Recidive');
    await expect(page).toHaveURL(/\/werkvoorraad\/recidive$/);
    await vt.dispose();
    expect(consoleErrors).toEqual([]);
  });

  test('Team Sociaal sees a hand-over offered to its team on "Overdrachten", with who offers and to whom', async ({
    page,
    signInAs,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    const vt = await apiAs('vt');
    const report = { familyName: `Overdracht${suffix()}` };
    await offerToGorinchemTeam(vt, await registerTestReport(vt, report));
    await vt.dispose();

    await signInAs('ts');
    await expect(page).toHaveURL(/\/werkvoorraad\/mijn-casussen$/);
    const tabs = page.getByRole('navigation', { name: 'Werklijsten' });
    // A local team does no safety assessments: no such tab.
    await expect(tabs.getByRole('link')).toHaveText([
      /^Mijn casussen/,
      /^Rappels/,
      /^Recidive/,
      /^Overdrachten/,
      /^Signalen/,
      /^Terugkoppeling/,
    ]);
    await openWorklistTab(page, 'Overdrachten');
    await expect(tabs.getByRole('link', { name: /^Overdrachten/ })).toHaveText(/^Overdrachten [1-9]\d*$/);
    const row = worklistRow(page, familyLabelOf(report));
    await expect(row).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Aangeboden door' })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Aan', exact: true })).toBeVisible();
    await expect(row.locator('td[data-label="Aangeboden door"]')).toHaveText('Vera Thuis (Veilig Thuis Zuid-Holland Zuid)');
    await expect(row.locator('td[data-label="Aan"]')).toHaveText('Team van Team Sociaal Gorinchem');
    await expect(row.locator('td[data-label="Status"]')).toHaveText('Overdracht aangeboden');
    await expect(row.locator('td[data-label="Regisseur"]')).toContainText('Overdracht aangeboden aan Team van Team Sociaal Gorinchem');
    await saveScreenshot('worklist-overdrachten-1280');
    await expectAccessible('worklist, Overdrachten');
    expect(consoleErrors).toEqual([]);
  });

  test('while loading the table says so; when the API fails, an alert offers to try again', async ({
    page,
    signInAs,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    await signInAs('vt');
    await waitForWorklist(page);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const assessments = /\/api\/v1\/worklists\/assessments\?/;
    await page.route(assessments, async (route) => {
      await held;
      await route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'Even niet beschikbaar.' }),
      });
    });
    await page.goto('/werkvoorraad/beoordelen');
    await expect(page.locator('table[aria-busy="true"]')).toContainText('Werkvoorraad laden…');
    release();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('De werkvoorraad kon niet worden geladen.', { timeout: 20_000 });
    await saveScreenshot('worklist-error-1280');
    await expectAccessible('worklist, API unavailable');
    await page.unroute(assessments);
    await alert.getByRole('button', { name: 'Opnieuw proberen' }).click();
    await waitForWorklist(page);
    await expect(page.getByRole('alert')).toHaveCount(0);
    // Chromium reports each refused request in the console; those are the ones this test made.
    expect(consoleErrors.filter((error) => !error.includes('status of 503'))).toEqual([]);
  });

  test('Back pressed before the case page shows still marks the row that was opened', async ({ page, signInAs, consoleErrors }) => {
    const vt = await apiAs('vtUtrecht');
    const report = { familyName: `Terug${suffix()}`, municipality: 'Utrecht', postcode: '3511 AB' };
    await registerTestReport(vt, report);
    await vt.dispose();
    await signInAs('vtUtrecht');
    await page.goto('/werkvoorraad/beoordelen');
    await expect(worklistRow(page, familyLabelOf(report))).toBeVisible();
    // A slow machine: the case page is still rendering when the user goes back, so the list never
    // leaves the screen and is not mounted anew.
    const devtools = await page.context().newCDPSession(page);
    await devtools.send('Emulation.setCPUThrottlingRate', { rate: 20 });
    await openCaseFromWorklist(page, familyLabelOf(report));
    await page.goBack();
    await devtools.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await expect(worklistRow(page, familyLabelOf(report))).toContainText('Laatst geopend');
    expect(consoleErrors).toEqual([]);
  });

  test('a worklist of 500 cases: time from navigation to rows on screen, and paging', async ({ page, signInAs, consoleErrors }) => {
    test.setTimeout(300_000);
    // Another region's Veilig Thuis, so the other journeys' lists stay as they were.
    const vt = await apiAs('vtUtrecht');
    const run = suffix();
    // What the region held before (nothing, unless the test runs again on the same server).
    const before = (await vt.get<Counts>('/worklists/counts'))['assessments-due'] ?? 0;
    const batch = 10;
    for (let start = 0; start < 500; start += batch) {
      await Promise.all(
        Array.from({ length: batch }, (_, index) =>
          registerTestReport(vt, { familyName: `Massa${run}n${start + index}`, municipality: 'Utrecht', postcode: '3511 AB' }),
        ),
      );
    }
    // The last of the parallel writes may still be on its way into the read model.
    let counts: Counts = {};
    await expect
      .poll(async () => {
        counts = await vt.get<Counts>('/worklists/counts');
        return counts['assessments-due'];
      })
      .toBeGreaterThanOrEqual(before + 500);
    const { user } = await vt.get<{ user: { userId: string } }>('/auth/session');
    await vt.dispose();

    await signInAs('vtUtrecht');
    await waitForWorklist(page);
    // Another region: Recidive is empty and says so.
    await openWorklistTab(page, 'Recidive');
    await expect(page.getByText('Geen recidivesignalen om te bevestigen.')).toBeVisible();
    // Measured in the browser: from the start of navigation to the first row link on screen.
    await page.addInitScript(() => {
      const marker = window as unknown as { worklistReadyAt?: number };
      new MutationObserver((_, observer) => {
        if (document.querySelector('table.ketenregie-responsive-table:not([aria-busy]) tbody th a')) {
          marker.worklistReadyAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const timings: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      await page.goto('/werkvoorraad/beoordelen');
      await expect(worklistTable(page).locator('tbody th a')).toHaveCount(50);
      timings.push(await page.evaluate(() => (window as unknown as { worklistReadyAt: number }).worklistReadyAt));
    }
    const median = [...timings].sort((a, b) => a - b)[1];
    console.log(`timing worklist-500: ${Math.round(median)} ms (runs: ${timings.map((ms) => Math.round(ms)).join(', ')} ms)`);

    // The access log as the privacy officer reads it: opening the tab reads the families of the page
    // shown and no others; the half-minute refresh asks only for the counts and reads no family.
    const privacy = await apiAs('privacy');
    // The log counts nothing (it only grows): a page of 100 lines, and whether there are more.
    const readsSince = async (from: string): Promise<number> => {
      const log = await privacy.get<{ items: { action: string; route: string }[]; hasMore: boolean }>(
        `/access-log?userId=${encodeURIComponent(user.userId)}&pageSize=100&from=${encodeURIComponent(from)}`,
      );
      const reads = log.items.filter((entry) => entry.action === 'read' && entry.route.startsWith('GET /api/v1/worklists/')).length;
      return log.hasMore ? Number.POSITIVE_INFINITY : reads;
    };
    const opened = new Date().toISOString();
    await page.goto('/werkvoorraad/beoordelen');
    await expect(worklistTable(page).locator('tbody th a')).toHaveCount(50);
    const openingReads = await readsSince(opened);
    const idle = new Date().toISOString();
    const countRequests: string[] = [];
    const onRequest = (request: { url: () => string }) => {
      if (request.url().includes('/api/v1/worklists/')) countRequests.push(new URL(request.url()).pathname);
    };
    page.on('request', onRequest);
    await page.waitForTimeout(31_000);
    page.off('request', onRequest);
    const refreshReads = await readsSince(idle);
    console.log(`access-log entries opening worklist-500: ${openingReads}; per 30 s refresh: ${refreshReads}`);
    // Exactly the families of the one page on screen (the list held 500 and more).
    expect(openingReads).toBe(50);
    expect(refreshReads).toBe(0);
    expect(countRequests).toContain('/api/v1/worklists/counts');
    expect(countRequests.filter((path) => path !== '/api/v1/worklists/counts')).toEqual([]);
    await privacy.dispose();

    // Back from a case far down the list: the same scroll position, the opened row marked.
    const rowLinks = worklistTable(page).locator('tbody th a');
    const far = (await rowLinks.nth(20).textContent()) ?? '';
    await rowLinks.nth(20).scrollIntoViewIfNeeded();
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(100);
    await openCaseFromWorklist(page, far);
    await page.goBack();
    await expect(worklistRow(page, far)).toContainText('Laatst geopend');
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(scrolled);

    // Paging through the whole list, in the address.
    const pagination = page.getByRole('navigation', { name: 'Paginering' });
    await expect(pagination).toContainText(`1 tot en met 50 van ${counts['assessments']}`);
    await pagination.getByRole('link', { name: 'Volgende pagina' }).click();
    await expect(page).toHaveURL(/pagina=2/);
    // Page 2 is the API's second page: other families than the first.
    await expect(worklistRow(page, far)).toHaveCount(0);
    await expect(pagination.getByRole('link', { name: 'Pagina 2', exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(worklistTable(page).locator('tbody th a')).toHaveCount(50);
    // A long list names the pages next to this one, the first and the last, not all of them.
    await expect(pagination.getByRole('link', { name: /^Pagina \d+$/ })).toHaveText([
      '1',
      '2',
      '3',
      String(Math.ceil(counts['assessments'] / 50)),
    ]);
    // A link to a page past the end (the list got shorter since) lands on the last page there is.
    await page.goto('/werkvoorraad/beoordelen?pagina=999');
    await expect(page).toHaveURL(new RegExp(`pagina=${Math.ceil(counts['assessments'] / 50)}$`));
    await expect(worklistTable(page).locator('tbody th a').first()).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });
});
