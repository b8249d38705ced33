import { expect, test } from './support/fixtures';
import { apiAs } from './support/api';
import { expectSaved, fillChainPartner, openDialog } from './support/pages/case-actions';
import { openCase, openCaseTab, registerReportOverApi, uniqueFamilyName } from './support/pages/case';

test.describe('chain partners: the director involves one by name, and the plan offers it as an owner', () => {
  test('Jeugdzorg Zuid is added through the dialog, owns a condition, and is ended with a reason', async ({
    page,
    signInAs,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    test.setTimeout(90_000);
    const familyName = uniqueFamilyName('Keten');
    const vt = await apiAs('vt');
    const { caseId } = await registerReportOverApi(vt, { familyName });
    await signInAs('vt');
    await openCase(page, caseId);

    // Before: the plan's owner choice knows only the director's organisation.
    await openCaseTab(page, 'Plan');
    const plan = page.getByRole('region', { name: 'Plan', exact: true });
    await plan.getByRole('button', { name: 'Voorwaarde toevoegen' }).click();
    let adding = await openDialog(page, 'Voorwaarde toevoegen');
    await expect(adding.getByLabel('Eigenaar (organisatie)').getByRole('option', { name: 'Jeugdzorg Zuid' })).toHaveCount(0);
    await adding.getByRole('button', { name: 'Annuleren' }).click();

    await openCaseTab(page, 'Ketenpartners');
    await expect(page.getByText('Er zijn nog geen ketenpartners betrokken.')).toBeVisible();
    const dialog = await fillChainPartner(page, {
      organisation: 'Jeugdzorg Zuid',
      role: 'Hulpverlener',
      task: 'Gezinsbegeleiding twee keer per week.',
    });
    await saveScreenshot('chain-partners-01-dialog');
    await expectAccessible('dialog Ketenpartner toevoegen');
    await dialog.getByRole('button', { name: 'Ketenpartner toevoegen', exact: true }).click();
    await expectSaved(page);
    const partners = page.getByRole('table', { name: 'Ketenpartners' });
    const row = partners.getByRole('row', { name: /Jeugdzorg Zuid/ });
    await expect(row).toContainText('Hulpverlener');
    await expect(row).toContainText('Betrokken');
    await saveScreenshot('chain-partners-02-tab');
    await expectAccessible('case page, Ketenpartners');

    // After: the plan offers Jeugdzorg Zuid as the owner of a condition.
    await openCaseTab(page, 'Plan');
    await plan.getByRole('button', { name: 'Voorwaarde toevoegen' }).click();
    adding = await openDialog(page, 'Voorwaarde toevoegen');
    await adding.getByLabel('Voorwaarde', { exact: true }).fill('Sem gaat wekelijks naar de jeugdhulp.');
    await adding.getByLabel('Eigenaar (organisatie)').selectOption({ label: 'Jeugdzorg Zuid' });
    await adding.getByLabel('Uiterlijk op').fill('2030-03-01');
    await adding.getByRole('button', { name: 'Voorwaarde toevoegen' }).click();
    await expectSaved(page);
    const condition = plan.getByRole('table', { name: 'Veiligheidsvoorwaarden' }).getByRole('row', { name: /wekelijks naar de jeugdhulp/ });
    await expect(condition).toContainText('Jeugdzorg Zuid');

    // Ending the involvement asks for a reason; the partner stays listed as ended.
    await openCaseTab(page, 'Ketenpartners');
    await row.getByRole('button', { name: 'Beëindigen: Jeugdzorg Zuid' }).click();
    const ending = await openDialog(page, 'Betrokkenheid beëindigen');
    await ending.getByRole('button', { name: 'Beëindigen', exact: true }).click();
    await expect(ending.getByText('Dit veld is verplicht.').first()).toBeVisible();
    await ending.getByLabel('Reden').fill('De gezinsbegeleiding is afgerond.');
    await expectAccessible('dialog Betrokkenheid beëindigen');
    await ending.getByRole('button', { name: 'Beëindigen', exact: true }).click();
    await expectSaved(page);
    await expect(row).toContainText('Beëindigd');
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot('chain-partners-03-tab-390');
    expect(consoleErrors).toEqual([]);
  });
});
