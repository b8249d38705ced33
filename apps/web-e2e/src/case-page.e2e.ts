import { apiAs } from './support/api';
import { expect, test } from './support/fixtures';
import {
  amsterdamToday,
  caseHeading,
  dutchDay,
  openCase,
  openCaseTab,
  registerReportOverApi,
  requestEmergencyAccess,
  timelineItems,
  uniqueFamilyName,
  viewCaseAsOf,
} from './support/pages/case';

const inAMonth = (): string => amsterdamToday(new Date(Date.now() + 30 * 86_400_000));

/** Chromium logs every 4xx as a console error; these are the refusals the test provokes on purpose. */
const withoutExpected = (errors: readonly string[], expected: readonly RegExp[]): string[] =>
  errors.filter((error) => !expected.some((pattern) => pattern.test(error)));

test.describe('the case page', () => {
  test('a Veilig Thuis professional reads a case: header, tabs, texts, timeline filter and the case as it was', async ({
    page,
    signInAs,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    const familyName = uniqueFamilyName('Casuspagina');
    const api = await apiAs('vt');
    const opened = await registerReportOverApi(api, { familyName, concern: 'Sem komt vaker met blauwe plekken op school.' });
    const condition = await api.send(
      `/cases/${opened.caseId}/safety-conditions`,
      {
        text: 'Er wordt in huis niet geslagen.',
        owner: { organisation: { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' } },
        dueOn: inAMonth(),
      },
      { ifMatch: `"${opened.version}"` },
    );
    await api.send(
      `/cases/${opened.caseId}/plan/parts/aid`,
      { description: 'Opvoedondersteuning via het sociaal team.', agreements: [] },
      { ifMatch: `"${condition.version}"` },
    );
    await api.dispose();

    await signInAs('vt');
    await openCase(page, opened.caseId);
    const heading = caseHeading(page);
    await expect(heading).toContainText(familyName);
    await expect(heading).toBeFocused();
    await expect(page).toHaveTitle(new RegExp(`^Casus ${familyName}.* – Ketenregie$`));
    await expect(page.getByText('Regisseur: Vera Thuis (Veilig Thuis Zuid-Holland Zuid)')).toBeVisible();
    await expect(page.getByText('Fase: Directe veiligheid')).toBeVisible();
    await expect(page.locator('.ketenregie-case-header__deadline')).toHaveText(
      /^\s*Veiligheidsbeoordeling: (nog \d+ werkdagen?|uiterlijk vandaag) \(uiterlijk \w\w \d+ \w+ \d{4}\)$/,
    );

    // Overzicht: household, the concern with who and when, and the note that reading is logged.
    await expect(page.getByRole('table', { name: 'Gezinsleden' })).toContainText(`Sem ${familyName}`);
    await expect(page.getByText('Uw inzage wordt vastgelegd.')).toBeVisible();
    const texts = page.locator('.ketenregie-case-texts');
    await expect(texts).toContainText('Zorg van de melder');
    await expect(texts).toContainText('Sem komt vaker met blauwe plekken op school.');
    await expect(texts).toContainText(/Vera Thuis \(Veilig Thuis Zuid-Holland Zuid\), \d+ \w+ \d{4}, \d\d\.\d\d uur/);
    await saveScreenshot('case-overview');
    await expectAccessible('case page, Overzicht');

    await openCaseTab(page, 'Plan');
    await expect(page).toHaveURL(/tab=plan/);
    const conditions = page.getByRole('table', { name: 'Veiligheidsvoorwaarden' });
    await expect(conditions.getByRole('columnheader')).toHaveText(['Voorwaarde', 'Eigenaar', 'Uiterlijk', 'Status', 'Acties']);
    await expect(conditions).toContainText('Er wordt in huis niet geslagen.');
    await expect(conditions).toContainText('Team Sociaal Gorinchem');
    await expect(page.getByRole('heading', { name: 'Hulp', level: 3 })).toBeVisible();
    await expect(page.getByText('Opvoedondersteuning via het sociaal team.')).toBeVisible();
    await saveScreenshot('case-plan');
    await expectAccessible('case page, Plan');

    await openCaseTab(page, 'Tijdlijn');
    const items = timelineItems(page);
    await expect(items.first()).toHaveAttribute('aria-posinset', '1');
    const all = Number(await items.first().getAttribute('aria-setsize'));
    expect(all).toBeGreaterThanOrEqual(3);
    // Newest first: the plan change came last.
    await expect(items.first()).toContainText('Plan');
    await expect(items.first()).toContainText(/\d+ \w+ \d{4}, \d\d\.\d\d uur/);
    await expect(items.first()).toContainText('Vera Thuis');
    await page.getByLabel('Soort').selectOption({ label: 'Melding en advies' });
    await expect(page).toHaveURL(/soort=intake/);
    await expect(items.first()).toContainText('Melding en advies');
    const intakeCount = Number(await items.first().getAttribute('aria-setsize'));
    expect(intakeCount).toBeLessThan(all);
    for (const item of await items.all()) await expect(item).toContainText('Melding en advies');
    await saveScreenshot('case-timeline');
    await expectAccessible('case page, Tijdlijn');
    await page.getByLabel('Soort').selectOption({ label: 'Alle soorten' });
    await expect(items.first()).toHaveAttribute('aria-setsize', String(all));

    await openCaseTab(page, 'Termijnen');
    await expect(page.getByRole('table', { name: 'Open termijnen' })).toContainText('Veiligheidsbeoordeling');
    await expect(page.getByRole('table', { name: 'Open termijnen' })).toContainText('Veiligheidsvoorwaarde');
    await expectAccessible('case page, Termijnen');

    await openCaseTab(page, 'Ketenpartners');
    await expect(page.getByText('Er zijn nog geen ketenpartners betrokken.')).toBeVisible();
    await expectAccessible('case page, Ketenpartners');

    // The case as it was at the end of today: banner, actions off, director still shown.
    await openCaseTab(page, 'Overzicht');
    const today = amsterdamToday();
    await viewCaseAsOf(page, today);
    await expect(page.getByText(`U bekijkt de casus zoals die was op ${dutchDay(today)}. Acties staan uit.`)).toBeVisible();
    await expect(page.getByText('Regisseur: Vera Thuis (Veilig Thuis Zuid-Holland Zuid)')).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await saveScreenshot('case-as-of');
    await expectAccessible('case page, as of today');
    // A day before the case existed: said so (access was decided first), with the way back.
    await viewCaseAsOf(page, amsterdamToday(new Date(Date.now() - 2 * 86_400_000)));
    await expect(page.getByText('Deze casus bestond op die datum nog niet.')).toBeVisible();
    await expect(caseHeading(page)).toHaveText(/^Casus op \d+ \w+ \d{4}$/);
    await page.getByRole('link', { name: 'Bekijk de casus zoals die nu is' }).click();
    await expect(caseHeading(page)).toContainText(familyName);
    await viewCaseAsOf(page, today);
    await page.getByRole('link', { name: 'Terug naar vandaag' }).click();
    await expect(page).not.toHaveURL(/asOf=/);
    await expect(page.getByText(/U bekijkt de casus zoals die was op/)).toHaveCount(0);

    await page.setViewportSize({ width: 390, height: 844 });
    await openCaseTab(page, 'Plan');
    await saveScreenshot('case-plan-390');
    await openCaseTab(page, 'Overzicht');
    await saveScreenshot('case-overview-390');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(withoutExpected(consoleErrors, [new RegExp(`status of 404 .*\\(.*/api/v1/cases/${opened.caseId}\\?asOf=.*\\)$`)])).toEqual([]);
  });

  test('a Veilig Thuis professional of another region gets no confirmation, asks emergency access and sees the banner', async ({
    page,
    signInAs,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    const familyName = uniqueFamilyName('Noodtoegang');
    const api = await apiAs('vt');
    const opened = await registerReportOverApi(api, { familyName, houseNumber: '14' });
    // Waits until the read model has the case, so the 404 below is about access, not lag.
    await api.get(`/cases/${opened.caseId}?after=${encodeURIComponent(opened.checkpoint)}`);
    await api.dispose();

    await signInAs('vtUtrecht');
    await openCase(page, opened.caseId);
    await expect(page.getByText('Deze casus bestaat niet of u hebt er geen toegang toe.')).toBeVisible();
    await expect(caseHeading(page)).toBeFocused();
    await expect(page.getByText(familyName)).toHaveCount(0);
    await expectAccessible('case page, not found');

    await page.getByRole('button', { name: 'Noodtoegang aanvragen' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Noodtoegang aanvragen' });
    await expect(dialog).toBeVisible();
    // Empty: the schema's message before anything is sent.
    await dialog.getByRole('button', { name: 'Noodtoegang aanvragen' }).click();
    await expect(dialog.getByText('Beschrijf waarom u deze casus nu moet inzien.')).toBeVisible();
    await expect(dialog.getByLabel('Reden')).toHaveAttribute('aria-invalid', 'true');
    // Too short for the server's rule: its Dutch message lands at the field, the text stays.
    await dialog.getByLabel('Reden').fill('spoed');
    await dialog.getByRole('button', { name: 'Noodtoegang aanvragen' }).click();
    await expect(dialog.getByText(/in minstens \d+ letters of cijfers/)).toBeVisible();
    await expect(dialog.getByLabel('Reden')).toHaveValue('spoed');
    await saveScreenshot('case-emergency-dialog');
    await expectAccessible('emergency access dialog');
    await dialog.getByRole('button', { name: 'Annuleren' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'Noodtoegang aanvragen' })).toBeFocused();

    await requestEmergencyAccess(page, 'Politie belt buiten kantoortijd over acute zorg om een kind op dit adres.');
    await expect(caseHeading(page)).toContainText(familyName);
    const banner = page.locator('.ketenregie-banner--emergency');
    // A grant that runs past midnight names the day too ("tot 5 december 2026, 03.32 uur").
    await expect(banner).toHaveText(/^Noodtoegang tot (\d{1,2} [a-z]+ \d{4}, )?\d\d\.\d\d uur\./);
    await expect(banner).not.toHaveAttribute('role', 'alert');
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByText('Regisseur: Vera Thuis (Veilig Thuis Zuid-Holland Zuid)')).toBeVisible();
    await saveScreenshot('case-emergency-banner');
    await expectAccessible('case page under emergency access');

    // The banner stays while the grant lasts: on another tab and after a reload.
    await openCaseTab(page, 'Tijdlijn');
    await page.reload();
    await expect(page.locator('.ketenregie-banner--emergency')).toBeVisible();
    expect(
      withoutExpected(consoleErrors, [
        new RegExp(`status of 404 .*\\(.*/api/v1/cases/${opened.caseId}(\\?.*)?\\)$`),
        /status of 422 .*\/emergency-access\)$/,
      ]),
    ).toEqual([]);
  });

  test('while a hand-over is pending, the case says who offered it to whom and who stays director', async ({
    page,
    signInAs,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    const familyName = uniqueFamilyName('Overdracht');
    const api = await apiAs('vt');
    const opened = await registerReportOverApi(api, { familyName, houseNumber: '18' });
    const assessment = `/cases/${opened.caseId}/safety-assessments/${opened.ids['reportId']}`;
    await api.send(`${assessment}/start`, {});
    await api.send(`${assessment}/complete`, { acuteUnsafety: false, structuralUnsafety: true });
    await api.send(`/cases/${opened.caseId}/handovers`, {
      to: { organisation: { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' } },
      reason: 'Veiligheid is stabiel; het sociaal team neemt de regie over.',
      phase: 'stable-safety',
    });
    await api.dispose();

    const pending = 'Overdracht aangeboden aan Team van Team Sociaal Gorinchem. Vera Thuis blijft regisseur tot acceptatie.';
    await signInAs('vt');
    await openCase(page, opened.caseId);
    await expect(page.getByText(pending)).toBeVisible();
    await expect(page.getByText('Regisseur: Vera Thuis (Veilig Thuis Zuid-Holland Zuid)')).toBeVisible();
    await expect(page.locator('.ketenregie-case-texts')).toContainText('Veiligheid is stabiel; het sociaal team neemt de regie over.');
    await saveScreenshot('case-handover-pending');
    await expectAccessible('case page with a pending hand-over');

    // The receiving team sees the same, before it has accepted.
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await signInAs('ts');
    await openCase(page, opened.caseId);
    await expect(page.getByText(pending)).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });

  test('a case with 1,000 events opens with its timeline at once and scrolls by keyboard', async ({ page, signInAs, consoleErrors }) => {
    test.setTimeout(600_000);
    const api = await apiAs('vt');
    const opened = await registerReportOverApi(api, { familyName: uniqueFamilyName('Duizend'), houseNumber: '16' });
    // The cheapest repeatable command: replacing a plan part, one event each, in sequence with If-Match.
    let { version, checkpoint } = opened;
    const started = Date.now();
    for (let index = 1; index < 1000; index += 1) {
      const result = await api.send(
        `/cases/${opened.caseId}/plan/parts/${['safety', 'aid', 'recovery'][index % 3]}`,
        { description: `Stap ${index} van het plan.`, agreements: [] },
        { ifMatch: `"${version}"` },
      );
      ({ version, checkpoint } = result);
    }
    console.log(`set-up case-page-1000: ${version + 1} events written in ${Date.now() - started} ms`);
    const timeline = await api.get<{ total: number }>(
      `/cases/${opened.caseId}/timeline?pageSize=1&after=${encodeURIComponent(checkpoint)}`,
    );
    expect(timeline.total).toBeGreaterThanOrEqual(1000);
    await api.dispose();

    await signInAs('vt');
    const before = Date.now();
    await page.goto(`/casussen/${opened.caseId}?tab=tijdlijn`);
    await expect(caseHeading(page)).toBeVisible();
    const items = timelineItems(page);
    await expect(items.first()).toHaveAttribute('aria-posinset', '1');
    console.log(`timing case-page-1000: ${Date.now() - before} ms`);
    await expect(items.first()).toHaveAttribute('aria-setsize', String(timeline.total));
    // Virtualised: only the rows in view are in the page.
    expect(await items.count()).toBeLessThan(40);

    // Page Down moves focus row by row; End goes to the last loaded row, and more load as it nears the end.
    await items.first().focus();
    for (let step = 0; step < 3; step += 1) await page.keyboard.press('PageDown');
    await expect(page.locator('article:focus')).toHaveAttribute('aria-posinset', '4');
    await page.keyboard.press('End');
    await expect(page.locator('article:focus')).toHaveAttribute('aria-posinset', '100');
    // The next page has loaded once End reaches past the first hundred.
    await expect(async () => {
      await page.keyboard.press('End');
      expect(Number(await page.locator('article:focus').getAttribute('aria-posinset'))).toBeGreaterThan(100);
    }).toPass({ timeout: 10_000 });
    const position = Number(await page.locator('article:focus').getAttribute('aria-posinset'));
    expect(position).toBeGreaterThan(100);
    // The focused row stays in the page while the list scrolls back to the top.
    await page.locator('.ketenregie-timeline').evaluate((element) => element.scrollTo({ top: 0 }));
    await expect(page.locator(`article[aria-posinset="${position}"]`)).toBeFocused();
    expect(consoleErrors).toEqual([]);
  });
});
