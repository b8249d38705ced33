import type { Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import type { ApiSession, CommandResult } from './support/api';
import { apiAs } from './support/api';
import { expect, signIn, test } from './support/fixtures';
import {
  acceptHandover,
  caseActionsRegion,
  completeAssessment,
  expectSaved,
  offerHandover,
  openDialog,
  recordRappelOutcome,
  runCaseAction,
  startAssessment,
} from './support/pages/case-actions';

const vtOrganisation = { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' } as const;

type Detail = {
  version: number;
  status: string;
  director: { person: { name: string } };
  reports: { assessmentId: string }[];
  pendingHandover: { handoverId: string } | null;
};

/** A fresh report on a family of its own in Gorinchem, registered by the Veilig Thuis test person. */
const registerReport = async (vt: ApiSession, familyName: string): Promise<string> => {
  const session = await vt.get<{ user: { userId: string } }>('/auth/session');
  const result = await vt.send<CommandResult>('/cases/reports', {
    newFamily: true,
    referrer: {
      kind: 'professional',
      name: 'J. de Vries',
      organisation: 'OBS De Linge',
      role: 'Intern begeleider',
      contact: { email: 'j.devries@delinge.example' },
    },
    sourceCategory: 'education-childcare',
    formsOfViolence: ['child-abuse'],
    concern: 'Het kind komt vaker met blauwe plekken op school.',
    household: {
      address: { street: 'Dorpsstraat', houseNumber: '12', postcode: '4201 AB', city: 'Gorinchem', municipality: 'Gorinchem' },
      members: [
        { role: 'adult', name: { givenNames: 'Anna', familyName }, dateOfBirth: '1988-04-02' },
        { role: 'child', name: { givenNames: 'Sem', familyName }, dateOfBirth: '2017-09-15' },
      ],
    },
    receivedBy: { person: { personId: session.user.userId }, organisation: vtOrganisation },
  });
  return result.caseId;
};

// Another person at the same browser: the session cookie goes, and the sign-in page loads first, so
// no read of the case page is still on its way when the old session ends.
const switchTo = async (page: Page, account: 'vt' | 'ts', caseId: string) => {
  await page.goto('/status');
  await page.context().clearCookies();
  await signIn(page, account);
  await page.goto(`/casussen/${caseId}`);
};

test.describe('case actions: assess, hand over, accept, plan rappels, an unsafe rappel, and a concurrent change', () => {
  test('a case goes from report to hand-over and back to Veilig Thuis, with dialogs, reasons and a 412', async ({
    page,
    signInAs,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    test.setTimeout(120_000);
    const familyName = `Actie${randomBytes(3).toString('hex')}`;
    const vt = await apiAs('vt');
    const ts = await apiAs('ts');
    const caseId = await registerReport(vt, familyName);

    await signInAs('vt');
    await page.goto(`/casussen/${caseId}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(familyName);
    const actions = caseActionsRegion(page);
    // One primary action: the next step for a new report.
    await expect(actions.locator('.utrecht-button--primary-action')).toHaveCount(1);
    await expect(actions.locator('.utrecht-button--primary-action')).toHaveText('Beoordeling starten');

    // A dialog: named by its heading, Esc closes it and focus returns to the button that opened it.
    const starting = await runCaseAction(page, 'Beoordeling starten');
    await expectAccessible('dialog Beoordeling starten');
    await page.keyboard.press('Escape');
    await expect(starting).toBeHidden();
    await expect(actions.getByRole('button', { name: 'Beoordeling starten' })).toBeFocused();
    await startAssessment(page);

    // Complete the assessment: sending without answers shows the Dutch messages, never code values.
    const assessing = await runCaseAction(page, 'Beoordeling afronden');
    await assessing.getByRole('button', { name: 'Beoordeling afronden' }).click();
    await expect(assessing.getByRole('link', { name: 'Kies of er acute onveiligheid is.' })).toBeVisible();
    await expect(assessing.getByRole('group', { name: 'Is er structurele onveiligheid?' })).toContainText(
      'Kies of er structurele onveiligheid is.',
    );
    await expect(assessing.getByText(/true|false/)).toHaveCount(0);
    await saveScreenshot('case-actions-assessment-errors');
    await expectAccessible('dialog Beoordeling afronden with errors');
    await page.keyboard.press('Escape');
    await completeAssessment(page, { acute: false, structural: true });
    await expect(page.getByText('Status: Beoordeeld')).toBeVisible();

    // "Aan" is a choice of organisation names the case may go to now, never a code to type; the
    // local teams of the family's region come first, as afschalen.
    const choosing = await runCaseAction(page, 'Overdracht aanbieden');
    const to = choosing.getByRole('group', { name: 'Aan', exact: true });
    await expect(to.getByRole('radio')).toHaveCount(4);
    await expect(to.getByRole('radio').first()).toHaveAccessibleName('Team Sociaal Gorinchem (afschalen)');
    await choosing.getByRole('button', { name: 'Overdracht aanbieden' }).click();
    await expect(choosing.getByRole('link', { name: 'Kies een organisatie.' })).toBeVisible();
    await to.getByRole('radio', { name: /^Team Sociaal Gorinchem/ }).check();
    await expect(choosing.getByLabel('Persoon')).toHaveValue('');
    await expect(choosing.getByLabel('Persoon').locator('option:checked')).toHaveText('Het hele team');
    await saveScreenshot('case-actions-handover-offer');
    await expectAccessible('dialog Overdracht aanbieden');
    const wide = page.viewportSize();
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot('case-actions-handover-offer-390');
    if (wide) await page.setViewportSize(wide);
    await page.keyboard.press('Escape');
    await expect(choosing).toBeHidden();

    // Offer the hand-over to the local team; the confirmation says who stays director.
    const offering = await offerHandover(page, {
      to: 'ts-gorinchem',
      organisationName: 'Team Sociaal Gorinchem',
      explanation: 'Veiligheid is stabiel; het lokale team neemt de regie over.',
      confirm: false,
    });
    await expect(offering.getByText('U biedt de regie aan Team Sociaal Gorinchem aan.')).toBeVisible();
    await saveScreenshot('case-actions-handover-confirm');
    await expectAccessible('dialog Overdracht aanbieden, confirmation');
    await offering.getByRole('button', { name: 'Bevestigen' }).click();
    await expectSaved(page);
    await expect(page.getByText(/blijft regisseur tot acceptatie/)).toBeVisible();
    await expect(page.getByText('Regisseur: Vera Thuis (Veilig Thuis Zuid-Holland Zuid)')).toBeVisible();
    // The offerer may withdraw, not accept their own offer.
    await expect(actions.getByRole('button', { name: 'Intrekken' })).toBeVisible();
    await expect(actions.getByRole('button', { name: 'Accepteren' })).toHaveCount(0);

    // The local team accepts.
    await switchTo(page, 'ts', caseId);
    await expect(actions.locator('.utrecht-button--primary-action')).toHaveText('Accepteren');
    await runCaseAction(page, 'Accepteren');
    await saveScreenshot('case-actions-accept');
    await expectAccessible('dialog Accepteren');
    await page.keyboard.press('Escape');
    await acceptHandover(page);
    await expect(page.getByText('Regisseur: Tim Sociaal (Team Sociaal Gorinchem)')).toBeVisible();

    // Back at Veilig Thuis: closing is the director's, so it stays visible with the reason and who can.
    await switchTo(page, 'vt', caseId);
    const closing = actions.getByRole('button', { name: 'Casus afsluiten' });
    await expect(closing).toHaveAttribute('aria-disabled', 'true');
    await expect(closing).toHaveAccessibleDescription(
      /Kan nu niet: De regie over deze casus ligt bij Tim Sociaal \(Team Sociaal Gorinchem\)\./,
    );
    await closing.focus();
    await expect(closing).toBeFocused();
    await closing.press('Enter');
    await expect(page.locator('dialog[open]')).toHaveCount(0);
    await saveScreenshot('case-actions-unavailable-reason');
    await expectAccessible('case actions with an unavailable action');

    // A concurrent change: the team changes the phase while the rappel dialog is open.
    const planning = await runCaseAction(page, 'Rappels plannen');
    await planning.getByLabel('Na hoeveel maanden').fill('3, 6, 12');
    const before = await ts.get<Detail>(`/cases/${caseId}`);
    await ts.send(`/cases/${caseId}/phase`, { phase: 'recovery', reason: 'Het gaat goed.' }, { ifMatch: `"${before.version}"` });
    await planning.getByRole('button', { name: 'Rappels plannen' }).click();
    await expect(planning.getByText('Iemand anders heeft deze casus net gewijzigd.')).toBeVisible();
    await expect(planning.getByText('Fase: Directe veiligheid → Herstel')).toBeVisible();
    // Nothing typed is lost.
    await expect(planning.getByLabel('Na hoeveel maanden')).toHaveValue('3, 6, 12');
    await saveScreenshot('case-actions-conflict');
    await expectAccessible('dialog Rappels plannen after a concurrent change');
    await planning.getByRole('button', { name: 'Opnieuw uitvoeren' }).click();
    await expectSaved(page);
    await expect(page.getByText('Status: Monitoring')).toBeVisible();

    // An unsafe rappel outcome takes direction back at once, after confirmation.
    const outcome = await runCaseAction(page, 'Uitkomst vastleggen');
    await outcome.getByRole('group', { name: 'Uitkomst' }).getByLabel('Onveilig', { exact: true }).check();
    await outcome.getByRole('button', { name: 'Uitkomst vastleggen' }).click();
    await expect(outcome.getByText('Licht de zorgen of de onveiligheid toe.').first()).toBeVisible();
    await outcome.getByLabel('Toelichting').fill('Opnieuw geweld gemeld door de school.');
    await outcome.getByRole('button', { name: 'Uitkomst vastleggen' }).click();
    await expect(outcome.getByText('De regie gaat direct terug naar Veilig Thuis.')).toBeVisible();
    await saveScreenshot('case-actions-unsafe-confirm');
    await expectAccessible('dialog Uitkomst vastleggen, confirmation');
    await page.keyboard.press('Escape');
    await recordRappelOutcome(page, 'Onveilig', 'Opnieuw geweld gemeld door de school.');
    await expect(page.getByText('Regisseur: Vera Thuis (Veilig Thuis Zuid-Holland Zuid)')).toBeVisible();
    await saveScreenshot('case-actions-after-unsafe');

    await vt.dispose();
    await ts.dispose();
    // Chromium logs every 4xx; the one 412 this test provoked on purpose is an answer the dialog shows.
    const provoked = (line: string) => line.includes('status of 412') && line.includes(`/cases/${caseId}/rappel-schedules`);
    expect(consoleErrors.filter((line) => !provoked(line))).toEqual([]);
    expect(consoleErrors.filter(provoked)).toHaveLength(1);
  });

  test('a route is chosen, and a hand-over withdrawn while the receiver decides cannot be accepted', async ({
    page,
    signInAs,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    test.setTimeout(120_000);
    const familyName = `Route${randomBytes(3).toString('hex')}`;
    const vt = await apiAs('vt');
    const caseId = await registerReport(vt, familyName);
    const fresh = await vt.get<Detail>(`/cases/${caseId}`);
    const assessmentId = fresh.reports[0].assessmentId;
    await vt.send(`/cases/${caseId}/safety-assessments/${assessmentId}/start`, {});
    await vt.send(`/cases/${caseId}/safety-assessments/${assessmentId}/complete`, { acuteUnsafety: false, structuralUnsafety: true });

    await signInAs('vt');
    await page.goto(`/casussen/${caseId}`);
    const routing = await runCaseAction(page, 'Route kiezen');
    await routing.getByRole('button', { name: 'Route kiezen' }).click();
    await expect(routing.getByText('Kies een route.').first()).toBeVisible();
    await routing.getByLabel('Onderzoek', { exact: true }).check();
    await expectAccessible('dialog Route kiezen');
    await routing.getByRole('button', { name: 'Route kiezen' }).click();
    await expectSaved(page);
    await expect(page.getByText('Status: Onderzoek')).toBeVisible();
    const concluding = await runCaseAction(page, 'Onderzoek afronden');
    await concluding.getByLabel('Conclusie').fill('Structurele onveiligheid; vrijwillige hulp is mogelijk.');
    await concluding.getByRole('button', { name: 'Onderzoek afronden' }).click();
    await expectSaved(page);

    // Offered over the API; while the team's professional has the acceptance open, Veilig Thuis withdraws it.
    const offered = await vt.send<CommandResult>(`/cases/${caseId}/handovers`, {
      to: { organisation: { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' } },
      reason: 'Het lokale team neemt de regie over.',
      phase: 'stable-safety',
    });
    await switchTo(page, 'ts', caseId);
    const accepting = await runCaseAction(page, 'Accepteren');
    await vt.send(`/cases/${caseId}/handovers/${offered.ids.handoverId}/withdraw`, { reason: 'Toch nog niet.' });
    await accepting.getByRole('button', { name: 'Accepteren' }).click();
    // The offer was this team's only relation to the case: now it answers as for any case it may not see.
    await expect(accepting.getByText('Deze casus bestaat niet of u hebt er geen toegang toe.')).toBeVisible();
    await saveScreenshot('case-actions-handover-withdrawn');
    await expectAccessible('dialog Accepteren after a withdrawal');
    await page.keyboard.press('Escape');

    await vt.dispose();
    // Chromium logs every 4xx; the refusal this test provoked is an answer the dialog shows, and the
    // case page's own refresh after it meets the same 404.
    const provoked = (line: string) => line.includes('status of 404') && line.includes(`/cases/${caseId}`);
    expect(consoleErrors.filter((line) => !provoked(line))).toEqual([]);
  });

  test('the plan is edited in place: a safety condition is added and its status recorded', async ({
    page,
    signInAs,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    const familyName = `Plan${randomBytes(3).toString('hex')}`;
    const vt = await apiAs('vt');
    const caseId = await registerReport(vt, familyName);
    await signInAs('vt');
    await page.goto(`/casussen/${caseId}?tab=plan`);
    const plan = page.getByRole('region', { name: 'Plan', exact: true });
    await expect(plan.getByRole('heading', { name: 'Veiligheid' })).toBeVisible();
    await expect(plan.getByRole('heading', { name: 'Hulp' })).toBeVisible();
    await expect(plan.getByRole('heading', { name: 'Herstel' })).toBeVisible();

    await plan.getByRole('button', { name: 'Voorwaarde toevoegen' }).click();
    const adding = await openDialog(page, 'Voorwaarde toevoegen');
    await adding.getByLabel('Voorwaarde', { exact: true }).fill('Er wordt in huis niet geslagen.');
    await adding.getByLabel('Eigenaar (organisatie)').selectOption({ label: 'Veilig Thuis Zuid-Holland Zuid' });
    await adding.getByLabel('Uiterlijk op').fill('2030-03-01');
    await expectAccessible('dialog Voorwaarde toevoegen');
    await adding.getByRole('button', { name: 'Voorwaarde toevoegen' }).click();
    await expectSaved(page);
    const table = plan.getByRole('table', { name: 'Veiligheidsvoorwaarden' });
    const row = table.getByRole('row', { name: /Er wordt in huis niet geslagen/ });
    await expect(row).toContainText('Veilig Thuis Zuid-Holland Zuid');
    await expect(row).toContainText('1 maart 2030');
    await expect(row).toContainText('Open');

    await row.getByRole('button', { name: 'Status doorgeven' }).click();
    const status = await openDialog(page, 'Status doorgeven');
    await status.getByLabel('Nagekomen', { exact: true }).check();
    await status.getByRole('button', { name: 'Status doorgeven' }).click();
    await expectSaved(page);
    await expect(row).toContainText('Nagekomen');

    await plan.getByRole('button', { name: 'Hulp: bewerken' }).click();
    const part = await openDialog(page, 'Hulp bewerken');
    await part.getByLabel('Beschrijving').fill('Hulp bij opvoeding.');
    await part.getByRole('button', { name: 'Afspraak toevoegen' }).click();
    await part.getByLabel('Afspraak', { exact: true }).fill('Wekelijks gesprek met de gezinscoach.');
    await part.getByLabel('Eigenaar (organisatie)').selectOption({ label: 'Veilig Thuis Zuid-Holland Zuid' });
    await expectAccessible('dialog Hulp bewerken');
    await part.getByRole('button', { name: 'Opslaan' }).click();
    await expectSaved(page);
    await expect(plan.getByText('Hulp bij opvoeding.')).toBeVisible();
    await expect(plan.getByText(/Wekelijks gesprek met de gezinscoach/)).toBeVisible();
    await saveScreenshot('case-actions-plan');
    await expectAccessible('plan with a safety condition and an agreement');

    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot('case-actions-plan-390');
    await expectAccessible('plan at 390 px');
    await vt.dispose();
    expect(consoleErrors).toEqual([]);
  });
});
