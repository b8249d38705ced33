import { randomBytes } from 'node:crypto';
import { apiAs } from './support/api';
import { expect, signIn, test } from './support/fixtures';
import {
  mailTo,
  openMyReports,
  openPortalLink,
  portalLinkIn,
  referenceIn,
  registerSchoolReport,
  sendPortalSignal,
  signalForm,
} from './support/pages/referrer-portal';
import { openWorklistTab, worklistRow } from './support/pages/worklists';

// Chromium logs a refused request as a console error; the spent link's 410 is the answer the page expects and shows.
const withoutSpentLink = (errors: string[]) => errors.filter((error) => !/status of 410/.test(error));

test.describe('referrer portal: a teacher hears back, and tells the director the aid stalls', () => {
  test("a teacher's report comes in, the mail's link opens it once, and her stagnation signal reaches the director's worklist", async ({
    page,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    test.setTimeout(120_000);
    const suffix = randomBytes(3).toString('hex');
    const familyName = `Portaal${suffix}`;
    const teacherEmail = `l.leerkracht.${suffix}@delinge.example`;
    const [vt, teacher, admin] = await Promise.all([apiAs('vt'), apiAs('referrer'), apiAs('admin')]);
    const { caseId } = await registerSchoolReport(vt, teacher, { familyName, teacherEmail });

    // The report-received mail, delivered into the local mailbox, carries the single-use link.
    const mail = await mailTo(admin, teacherEmail);
    const reference = referenceIn(mail);
    const linkPath = portalLinkIn(mail);
    expect(mail.body).not.toContain(familyName);

    // Whatever the browser asks for after opening the link, it never passes the token on.
    const token = linkPath.split('/').pop() ?? '';
    const referers: string[] = [];
    page.on('request', (request) => {
      const referer = request.headers()['referer'];
      if (referer) referers.push(referer);
    });
    const redemptions: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/v1/referrer-portal/link-redemptions')) redemptions.push(request.method());
    });

    // No account session: the link alone opens the report.
    await openPortalLink(page, linkPath, reference);
    expect(redemptions).toEqual(['POST']);
    expect(page.url()).not.toContain(token);
    await expect(page.locator('meta[name="referrer"]')).toHaveAttribute('content', 'no-referrer');
    await expect(page.getByTestId('portal-status')).not.toBeEmpty();
    await expect(page.getByTestId('portal-message').first()).toContainText(reference);
    await expect(page.getByRole('navigation', { name: 'Hoofdmenu' })).toHaveCount(0);
    await saveScreenshot('referrer-portal-report');
    await expectAccessible('portal report (link session)');

    // Sending without a choice or text: a summary that takes focus, errors at the fields.
    const form = signalForm(page);
    await form.getByRole('button', { name: 'Versturen' }).click();
    await expect(page.getByRole('heading', { name: 'Controleer uw signaal' })).toBeVisible();
    await expect(page.locator('.ketenregie-error-summary')).toBeFocused();
    await expect(form.getByLabel('Toelichting')).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByText('Nog 1000 van 1000 tekens.')).toBeVisible();
    await expectAccessible('portal signal form with errors');

    const reason = `Sinds drie weken geen contact meer met de hulpverlener (${suffix}).\nDe leerling is vaak afwezig.`;
    await sendPortalSignal(page, 'De hulp stagneert', reason);
    // Said in the live region as well as shown.
    await expect(page.locator('.ketenregie-visually-hidden[aria-live="polite"]')).toHaveText('Uw signaal is doorgegeven aan de regisseur.');
    const signal = page.getByTestId('portal-signal').filter({ hasText: suffix });
    await expect(signal).toContainText('De hulp stagneert');
    await expect(signal).toContainText('Verstuurd op');
    await expect(signal).toContainText('Nog niet gezien door de regisseur');
    await expect(form.getByLabel('Toelichting')).toHaveValue('');
    await expect(form.getByRole('radio', { name: 'De hulp stagneert' })).not.toBeChecked();
    await saveScreenshot('referrer-portal-signal-sent');
    await expectAccessible('portal report after a signal');
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot('referrer-portal-report-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    // Back does not return to the link: its page was replaced in the history.
    await page.goBack();
    expect(page.url()).not.toContain(token);
    expect(referers.filter((referer) => referer.includes(token))).toEqual([]);

    // The link again: used up, said in the words every spent link gets, with what to do next.
    await page.goto(linkPath);
    await expect(page.getByRole('heading', { level: 1, name: 'Deze link is verlopen of al gebruikt.' })).toBeVisible();
    await expect(page).toHaveURL(/\/melder\/link$/);
    await expect(page.getByText('Neem contact op met Veilig Thuis')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Hoofdmenu' })).toHaveCount(0);
    await saveScreenshot('referrer-portal-link-gone');
    await expectAccessible('spent portal link');
    expect(redemptions).toEqual(['POST', 'POST']);

    // The director's worklist: the case is on "Signalen" (asked over the API first, for a clear failure), and shown there.
    await expect.poll(async () => JSON.stringify(await vt.get('/worklists/signals')).includes(caseId), { timeout: 15_000 }).toBe(true);
    await page.context().clearCookies();
    await signIn(page, 'vt');
    await openWorklistTab(page, 'Signalen');
    await expect(worklistRow(page, `${familyName}, 4201`)).toHaveCount(1);

    expect(withoutSpentLink(consoleErrors)).toEqual([]);
    await Promise.all([vt.dispose(), teacher.dispose(), admin.dispose()]);
  });

  test('a signed-in teacher starts on "Mijn meldingen" and opens her report from the list', async ({
    page,
    signInAs,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    const suffix = randomBytes(3).toString('hex');
    const teacherEmail = `l.leerkracht.${suffix}@delinge.example`;
    const [vt, teacher, admin] = await Promise.all([apiAs('vt'), apiAs('referrer'), apiAs('admin')]);
    await registerSchoolReport(vt, teacher, { familyName: `Lijst${suffix}`, teacherEmail });
    const reference = referenceIn(await mailTo(admin, teacherEmail));

    await signInAs('referrer');
    await expect(page).toHaveURL(/\/melder$/);
    await expect(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link')).toHaveText(['Mijn meldingen']);
    await openMyReports(page);
    const row = page.getByTestId('portal-report-row').filter({ has: page.getByRole('link', { name: `Melding ${reference}` }) });
    await expect(row).toHaveCount(1);
    await expect(row.getByRole('link')).toHaveCount(1);
    await expect(page.getByRole('table')).toContainText('Gemeld op');
    await saveScreenshot('referrer-portal-my-reports');
    await expectAccessible('Mijn meldingen');
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot('referrer-portal-my-reports-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    await row.getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1, name: `Melding ${reference}` })).toBeFocused();
    await expect(signalForm(page)).toBeVisible();
    await expectAccessible('portal report (signed in)');
    expect(consoleErrors).toEqual([]);
    await Promise.all([vt.dispose(), teacher.dispose(), admin.dispose()]);
  });

  test('without any session, "Mijn meldingen" asks to sign in first', async ({ page, consoleErrors }) => {
    await page.goto('/melder');
    await expect(page).toHaveURL(/\/aanmelden\?terug=%2Fmelder$/);
    expect(consoleErrors.filter((error) => !/status of 401/.test(error) || !/referrer-portal/.test(error))).toEqual([]);
  });
});
