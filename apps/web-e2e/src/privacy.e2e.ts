import { randomBytes } from 'node:crypto';
import type { ApiSession } from './support/api';
import { apiAs } from './support/api';
import { e2eAccounts, serverFromEnvironment } from './support/accounts';
import { expect, test } from './support/fixtures';
import {
  accessLogFilter,
  accessLogRows,
  exportAccessLogForFamily,
  openChainCheck,
  openEmergencyGrant,
  reviewEmergencyGrant,
  searchAccessLog,
} from './support/pages/privacy';

type Session = { user: { userId: string; organisationId: string } };

// An invented family with a suffix of its own: the tests share one server and one database.
const familyName = `Privacytest${randomBytes(3).toString('hex')}`;

const registerReport = async (vt: ApiSession) => {
  const { user } = await vt.get<Session>('/auth/session');
  return vt.send('/cases/reports', {
    newFamily: true,
    referrer: {
      kind: 'professional',
      name: 'J. de Vries',
      organisation: 'Basisschool De Linde',
      role: 'Intern begeleider',
      contact: { email: 'j.devries@delinde.example', phone: '0183 123456' },
    },
    sourceCategory: 'education-childcare',
    formsOfViolence: ['child-abuse'],
    concern: 'Een kind komt de laatste weken vaker met blauwe plekken op school.',
    household: {
      address: { street: 'Dorpsstraat', houseNumber: '12', postcode: '4201 AB', city: 'Gorinchem', municipality: 'Gorinchem' },
      members: [
        { role: 'adult', name: { givenNames: 'Anna', familyName }, dateOfBirth: '1988-04-02' },
        { role: 'child', name: { givenNames: 'Sem', familyName }, dateOfBirth: '2017-09-15' },
      ],
    },
    receivedBy: {
      person: { personId: user.userId },
      organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' },
    },
  });
};

test.describe('the privacy officer: access log, chain check and emergency access', () => {
  test('the sign-in page offers no demo accounts and no organisation account when the server has neither', async ({
    page,
    consoleErrors,
  }) => {
    await page.goto('/aanmelden');
    await expect(page.getByRole('heading', { level: 1, name: 'Aanmelden' })).toBeVisible();
    await expect(page.getByText('Meld u aan met uw gebruikersnaam en wachtwoord.')).toBeVisible();
    await expect(page.getByRole('heading', { name: /Demo-accounts/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Aanmelden als/ })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Aanmelden met uw organisatieaccount' })).toHaveCount(0);
    expect(consoleErrors).toEqual([]);
  });

  test('with the demo region on, the sign-in page lists one account per role, marked DEMO, and signs in with one click', async ({
    page,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    // This server runs without the demo region (its list is tested against a real demo start in
    // demo-accounts.int-spec). The browser is told the demo is on and given a real test account
    // as its list, so the one-click sign-in below is a real one.
    const { password } = serverFromEnvironment();
    await page.route('**/api/v1/auth/sign-in-options', (route) => route.fulfill({ json: { oidc: true, demoAccounts: true } }));
    await page.route('**/api/v1/auth/demo-accounts', (route) =>
      route.fulfill({
        json: {
          accounts: [
            {
              username: e2eAccounts.analyst.username,
              displayName: `${e2eAccounts.analyst.name} (DEMO)`,
              role: 'policy-analyst',
              organisation: { organisationId: 'gemeente-gorinchem', name: 'Gemeente Gorinchem' },
              password,
            },
          ],
        },
      }),
    );
    await page.goto('/aanmelden?terug=%2Fstatus');
    const demo = page.getByRole('region', { name: /Demo-accounts/ });
    await expect(demo.getByText('DEMO', { exact: true })).toBeVisible();
    const row = demo.getByRole('row').filter({ hasText: 'Ada Analist (DEMO)' });
    await expect(row).toContainText('Beleidsanalist');
    await expect(row).toContainText('Gemeente Gorinchem');
    await expect(page.getByRole('link', { name: 'Aanmelden met uw organisatieaccount' })).toHaveAttribute(
      'href',
      '/api/v1/auth/oidc/start?returnTo=%2Fstatus',
    );
    await saveScreenshot('sign-in-demo');
    await expectAccessible('sign-in page with demo accounts');
    await row.getByRole('button', { name: 'Aanmelden als Ada Analist (DEMO)' }).click();
    await expect(page).toHaveURL(/\/status$/);
    await expect(page.getByRole('banner')).toContainText('Ada Analist · Beleidsanalist · Gemeente Gorinchem');
    expect(consoleErrors).toEqual([]);
  });

  test('finds every read of a family, exports it, sees the chain intact and reviews the emergency access', async ({
    page,
    signInAs,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    // Set-up over the API: Veilig Thuis registers a report and reads the case; a professional of
    // another region opens it with emergency access and reads it too.
    const vt = await apiAs('vt');
    const vtUtrecht = await apiAs('vtUtrecht');
    const vtUser = (await vt.get<Session>('/auth/session')).user.userId;
    const utrechtUser = (await vtUtrecht.get<Session>('/auth/session')).user.userId;
    const registered = await registerReport(vt);
    const caseId = registered.caseId;
    const detail = await vt.get<{ familyId: string }>(`/cases/${caseId}?after=${encodeURIComponent(registered.checkpoint)}`);
    const familyId = detail.familyId;
    const reason = 'Politie belt buiten kantoortijd over acute zorg om een kind op dit adres; regisseur niet bereikbaar.';
    await vtUtrecht.send(`/cases/${caseId}/emergency-access`, { reason });
    await vtUtrecht.get(`/cases/${caseId}`);
    await vt.dispose();
    await vtUtrecht.dispose();

    await signInAs('privacy');
    // The start page of the privacy officer, with the organisation's name in the header.
    await expect(page).toHaveURL(/\/toegangslog$/);
    await expect(page.getByRole('banner')).toContainText('Pim Privacy · Privacyfunctionaris · Beheer Ketenregie');
    await expect(page).toHaveTitle('Toegangslog – Ketenregie');
    await expectAccessible('access log, before a search');

    const table = await searchAccessLog(page, { family: familyId });
    await expect(page).toHaveURL(new RegExp(`gezin=${familyId}`));
    await expect(accessLogRows(table, vtUser, 'Ingezien').first()).toBeVisible();
    await expect(accessLogRows(table, vtUser, 'Aangemaakt').first()).toBeVisible();
    const emergencyRead = accessLogRows(table, utrechtUser, 'Noodtoegang').first();
    await expect(emergencyRead).toBeVisible();
    await expect(emergencyRead).toContainText('Wmo 2015 art. 4.1.1 (Veilig Thuis)');
    // Named as the accounts are named today; the log itself keeps the account ids.
    await expect(accessLogRows(table, vtUser, 'Ingezien').first()).toContainText('Vera Thuis · Veilig Thuis · vt-zhz');
    await expect(emergencyRead).toContainText('Victor Uithof · Veilig Thuis · vt-utrecht');
    await saveScreenshot('privacy-access-log');
    await expectAccessible('access log with results');

    // The export for the family: every line about it, the reads included, and the export itself last.
    const exported = await exportAccessLogForFamily(page);
    expect(exported.familyId).toBe(familyId);
    expect(exported.entries.filter((entry) => entry.action === 'read').length).toBeGreaterThanOrEqual(2);
    expect(exported.entries.at(-1)?.action).toBe('export');

    // One user's lines, by the account id shown under the name.
    const oneUser = await searchAccessLog(page, { family: familyId, user: vtUser });
    await expect(accessLogRows(oneUser, vtUser).first()).toBeVisible();
    await expect(accessLogRows(oneUser, utrechtUser)).toHaveCount(0);

    // Only emergency access: the professional from Utrecht, not the director.
    const emergencyOnly = await searchAccessLog(page, { family: familyId, emergencyOnly: true });
    await expect(page).toHaveURL(/nood=ja/);
    await expect(accessLogRows(emergencyOnly, utrechtUser).first()).toBeVisible();
    await expect(accessLogRows(emergencyOnly, vtUser)).toHaveCount(0);

    // The filters live in the address: a reload shows the same search.
    await page.reload();
    await expect(accessLogFilter(page, 'Gezin')).toHaveValue(familyId);
    await expect(accessLogFilter(page, 'Alleen noodtoegang')).toBeChecked();

    // At phone width the rows become cards.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(accessLogRows(page.getByRole('table', { name: /Logregels/ }), utrechtUser).first()).toBeVisible();
    await saveScreenshot('privacy-access-log-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    const verdict = await openChainCheck(page);
    await expect(verdict).toHaveText('Logboek intact');
    await expect(page.getByText(/^Gecontroleerd op /)).toBeVisible();
    await page.getByRole('button', { name: 'Opnieuw controleren' }).click();
    await expect(page.getByRole('button', { name: 'Opnieuw controleren' })).toBeVisible();
    await expect(verdict).toHaveText('Logboek intact');
    await saveScreenshot('privacy-chain-check');
    await expectAccessible('chain check');

    const row = await openEmergencyGrant(page, caseId);
    await expect(row).toContainText('Victor Uithof · vt-utrecht');
    await expect(row).toContainText(reason);
    await saveScreenshot('privacy-emergency-grants');
    await expectAccessible('emergency grants to review');

    // The confirmation asks a verdict, and a note when it is "Onterecht".
    await row.getByRole('button', { name: /beoordelen/i }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Noodtoegang beoordelen' });
    await dialog.getByRole('button', { name: 'Beoordeling vastleggen' }).click();
    await expect(dialog.getByText('Kies terecht of onterecht.')).toBeVisible();
    await dialog.getByRole('radio', { name: 'Onterecht', exact: true }).check();
    await dialog.getByRole('button', { name: 'Beoordeling vastleggen' }).click();
    await expect(dialog.getByText('Licht toe waarom deze noodtoegang onterecht was.')).toBeVisible();
    await saveScreenshot('privacy-emergency-grant-review');
    await expectAccessible('emergency grant review dialog');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    await reviewEmergencyGrant(page, row, 'Terecht');
    await expect(
      page
        .getByRole('table', { name: /Noodtoegang te beoordelen/ })
        .getByRole('row')
        .filter({ hasText: caseId }),
    ).toHaveCount(0);
    await page.getByRole('link', { name: 'Beoordeeld' }).click();
    const reviewed = page
      .getByRole('table', { name: /Beoordeelde noodtoegang/ })
      .getByRole('row')
      .filter({ hasText: caseId });
    await expect(reviewed).toContainText('Terecht, door Pim Privacy op');
    await expectAccessible('reviewed emergency grants');

    // From the grant to the log of that case.
    await reviewed.getByRole('link', { name: `Toegangslog van casus ${caseId}` }).click();
    await expect(accessLogFilter(page, 'Casus')).toHaveValue(caseId);
    await expect(accessLogRows(page.getByRole('table', { name: /Logregels/ }), utrechtUser).first()).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });
});
