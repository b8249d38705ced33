import type { Page } from '@playwright/test';
import { apiAs } from './support/api';
import type { E2eAccount } from './support/accounts';
import { expect, signIn, test } from './support/fixtures';
import {
  acceptHandover,
  caseActionsRegion,
  completeAssessment,
  expectSaved,
  offerHandover,
  openDialog,
  runCaseAction,
  scheduleRappels,
  startAssessment,
} from './support/pages/case-actions';
import { openCaseTab } from './support/pages/case';
import type { IntakeData } from './support/pages/intake';
import {
  candidate,
  expectClassification,
  fillIntake,
  openIntake,
  submitIntakeAndOpenCase,
  uniqueAddress,
  uniqueFamilyName,
} from './support/pages/intake';
import { openMyTasks, taskCard } from './support/pages/my-tasks';
import { accessLogRows, searchAccessLog } from './support/pages/privacy';
import { openOutcomeDialog, openRappelPlanner, rappelsOf, recordOutcomeInDialog } from './support/pages/rappels';
import { openCaseFromWorklist, openWorklistTab, worklistRow } from './support/pages/worklists';

// Another person at the same browser: the session cookie goes, and a page without case reads loads
// first, so no read of the previous page is still on its way when the old session ends.
const switchTo = async (page: Page, account: E2eAccount) => {
  await page.goto('/status');
  await page.context().clearCookies();
  await signIn(page, account);
};

const director = (page: Page) => page.locator('.ketenregie-case-header__director');

test.describe('the whole chain', () => {
  test('a report comes in, is assessed, handed over, escalated back by a rappel, reported again, worked on by a partner and audited', async ({
    page,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    test.setTimeout(240_000);
    const familyName = uniqueFamilyName('Keten');
    const address = uniqueAddress();
    const familyLabel = `${familyName}, ${address.postcode.slice(0, 4)}`;
    const first: IntakeData = {
      source: 'Politie',
      formsOfViolence: ['Kindermishandeling', 'Partnergeweld'],
      referrer: { name: 'J. de Vries', organisation: 'Politie Zuid-Holland Zuid', role: 'Wijkagent', email: 'j.devries@politie.example' },
      concern: 'Buren hoorden gisteravond geschreeuw; het kind had een blauwe plek.',
      address: { ...address, street: 'Dorpsstraat', city: 'Gorinchem', municipality: 'Gorinchem' },
      members: [
        { role: 'Volwassene', givenNames: 'Annabel', familyName, dateOfBirth: '1988-04-02' },
        { role: 'Kind', givenNames: 'Sem', familyName, dateOfBirth: '2017-09-15' },
      ],
    };

    // 1. The report comes in through the intake form.
    await signIn(page, 'vt');
    await openIntake(page);
    await fillIntake(page, first);
    await expectClassification(page, 'Eerste melding');
    await saveScreenshot('chain-01-intake');
    await expectAccessible('chain: intake form');
    const caseId = await submitIntakeAndOpenCase(page);

    // 2. Veilig Thuis finds it on "Beoordelen" and assesses it.
    await openWorklistTab(page, 'Beoordelen');
    await expect(worklistRow(page, familyLabel)).toBeVisible();
    await saveScreenshot('chain-02-worklist-beoordelen');
    await expectAccessible('chain: worklist Beoordelen');
    expect(await openCaseFromWorklist(page, familyLabel)).toBe(caseId);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(familyLabel);
    await expectAccessible('chain: case page, new report');
    await runCaseAction(page, 'Beoordeling starten');
    await expectAccessible('chain: dialog Beoordeling starten');
    await page.keyboard.press('Escape');
    await startAssessment(page);
    await runCaseAction(page, 'Beoordeling afronden');
    await expectAccessible('chain: dialog Beoordeling afronden');
    await page.keyboard.press('Escape');
    await completeAssessment(page, { acute: false, structural: true });
    await expect(page.getByText('Status: Beoordeeld')).toBeVisible();

    // 3. The hand-over to Team Sociaal Gorinchem, confirmed.
    const offering = await offerHandover(page, {
      to: 'ts-gorinchem',
      organisationName: 'Team Sociaal Gorinchem',
      explanation: 'Veiligheid is stabiel; het lokale team neemt de regie over.',
      confirm: false,
    });
    await saveScreenshot('chain-03-handover-confirm');
    await expectAccessible('chain: dialog Overdracht aanbieden, confirmation');
    await offering.getByRole('button', { name: 'Bevestigen' }).click();
    await expectSaved(page);
    await expect(page.getByText(/Vera Thuis blijft regisseur tot acceptatie/)).toBeVisible();

    // 4. The team sees the offer on "Overdrachten" and accepts it on the case page.
    await switchTo(page, 'ts');
    await openWorklistTab(page, 'Overdrachten');
    await expect(worklistRow(page, familyLabel)).toContainText('Vera Thuis');
    await saveScreenshot('chain-04-overdrachten');
    await expectAccessible('chain: worklist Overdrachten');
    await openCaseFromWorklist(page, familyLabel);
    await runCaseAction(page, 'Accepteren');
    await expectAccessible('chain: dialog Accepteren');
    await page.keyboard.press('Escape');
    await acceptHandover(page);
    await expect(director(page)).toHaveText('Regisseur: Tim Sociaal (Team Sociaal Gorinchem)');
    await saveScreenshot('chain-05-accepted');
    await expectAccessible('chain: case page, handed over');

    // 5. Rappels: planned by Veilig Thuis, which keeps watching a case it handed over.
    await switchTo(page, 'vt');
    await page.goto(`/casussen/${caseId}`);
    await expect(caseActionsRegion(page).getByRole('button', { name: 'Rappels plannen', exact: true })).toBeVisible();
    await runCaseAction(page, 'Rappels plannen');
    await expectAccessible('chain: dialog Rappels plannen');
    await page.keyboard.press('Escape');
    await scheduleRappels(page, '3, 6');
    await expect(page.getByText('Status: Monitoring')).toBeVisible();
    const vtApi = await apiAs('vt');
    const { rappels } = await rappelsOf(vtApi, caseId);
    const next = [...rappels].sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0];

    // 6. In the planner, on the rappel's week months ahead, the outcome "Onveilig" takes the case back.
    await openRappelPlanner(page, next.dueOn);
    await saveScreenshot('chain-06-rappel-planner');
    await expectAccessible('chain: rappel planner');
    const outcome = await openOutcomeDialog(page, familyLabel);
    await expectAccessible('chain: dialog Uitkomst vastleggen');
    await recordOutcomeInDialog(page, 'Onveilig', 'Opnieuw geweld gemeld door de school.');
    await expect(outcome).toBeHidden();
    await page.goto(`/casussen/${caseId}`);
    await expect(director(page)).toHaveText('Regisseur: Vera Thuis (Veilig Thuis Zuid-Holland Zuid)');
    await saveScreenshot('chain-07-escalated');
    await expectAccessible('chain: case page, back at Veilig Thuis');

    // 7. A second report on the family, the mother's name misspelt by one letter.
    await openIntake(page);
    await fillIntake(page, {
      ...first,
      source: 'Onderwijs of kinderopvang',
      formsOfViolence: ['Kindermishandeling'],
      referrer: { name: 'M. Bos', organisation: 'Basisschool De Linde', role: 'Intern begeleider', email: 'm.bos@delinde.example' },
      concern: 'Sem vertelt op school dat het thuis weer onrustig is.',
      members: [{ role: 'Volwassene', givenNames: 'Anabel', familyName, dateOfBirth: '1988-04-02' }],
    });
    const found = candidate(page, familyName);
    await expect(found).toBeVisible();
    await expect(found).toContainText('Waarom: Naam lijkt erop');
    await found.getByRole('button', { name: 'Koppelen aan deze casus' }).click();
    await expect(found).toContainText('Gekoppeld aan deze casus');
    // Veilig Thuis is involved again since the rappel: the domain calls this a follow-up report.
    await expectClassification(page, 'Vervolgmelding');
    await saveScreenshot('chain-08-intake-known-family');
    await expectAccessible('chain: intake form with a linked known family');
    expect(await submitIntakeAndOpenCase(page)).toBe(caseId);
    await expect(caseActionsRegion(page).getByRole('button', { name: 'Recidive bevestigen', exact: true })).toBeVisible();
    await openWorklistTab(page, 'Recidive');
    await expect(worklistRow(page, familyLabel)).toBeVisible();
    await saveScreenshot('chain-09-recidive');
    await expectAccessible('chain: worklist Recidive');

    // 8. The director adds a safety condition owned by Jeugdzorg Zuid, and one of its own. The plan
    // editor offers the organisations already involved in the case; Jeugdzorg Zuid becomes involved
    // by a first condition set over the API.
    await vtApi.send(`/cases/${caseId}/safety-conditions`, {
      text: 'Sem heeft een intake bij de jeugdhulp.',
      owner: { organisation: { organisationId: 'jeugdzorg', name: 'Jeugdzorg Zuid', kind: 'other' } },
      dueOn: '2030-02-01',
    });
    await openCaseFromWorklist(page, familyLabel);
    await openCaseTab(page, 'Plan');
    const plan = page.getByRole('region', { name: 'Plan', exact: true });
    const addCondition = async (condition: string, owner: string) => {
      await plan.getByRole('button', { name: 'Voorwaarde toevoegen' }).click();
      const adding = await openDialog(page, 'Voorwaarde toevoegen');
      await adding.getByLabel('Voorwaarde', { exact: true }).fill(condition);
      await adding.getByLabel('Eigenaar (organisatie)').selectOption({ label: owner });
      await adding.getByLabel('Uiterlijk op').fill('2030-03-01');
      return adding;
    };
    await addCondition('Sem gaat wekelijks naar de jeugdhulp.', 'Jeugdzorg Zuid');
    await expectAccessible('chain: dialog Voorwaarde toevoegen');
    await page.locator('dialog[open]').getByRole('button', { name: 'Voorwaarde toevoegen' }).click();
    await expectSaved(page);
    await addCondition('Er wordt in huis niet geslagen.', 'Veilig Thuis Zuid-Holland Zuid');
    await page.locator('dialog[open]').getByRole('button', { name: 'Voorwaarde toevoegen' }).click();
    await expectSaved(page);
    await expect(plan.getByRole('table', { name: 'Veiligheidsvoorwaarden' }).getByRole('row')).toHaveCount(4);
    await saveScreenshot('chain-10-plan');
    await expectAccessible('chain: case page, Plan');

    // 9. The partner sees only its own task.
    await switchTo(page, 'partner');
    await openMyTasks(page);
    const card = taskCard(page, familyLabel);
    await expect(card).toContainText('Sem gaat wekelijks naar de jeugdhulp.');
    await expect(card).toContainText('Sem heeft een intake bij de jeugdhulp.');
    await expect(card).not.toContainText('Er wordt in huis niet geslagen.');
    await saveScreenshot('chain-11-my-tasks');
    await expectAccessible('chain: Mijn taken');

    // 10. The privacy officer finds the reads of all three in the access log of the family.
    const { familyId } = await vtApi.get<{ familyId: string }>(`/cases/${caseId}`);
    await vtApi.dispose();
    await switchTo(page, 'privacy');
    const table = await searchAccessLog(page, { family: familyId });
    await expect(accessLogRows(table, 'Vera Thuis', 'Ingezien').first()).toBeVisible();
    await expect(accessLogRows(table, 'Tim Sociaal', 'Ingezien').first()).toBeVisible();
    await expect(accessLogRows(table, 'Pien Partner', 'Ingezien').first()).toBeVisible();
    await saveScreenshot('chain-12-access-log');
    await expectAccessible('chain: Toegangslog');

    expect(consoleErrors).toEqual([]);
  });
});
