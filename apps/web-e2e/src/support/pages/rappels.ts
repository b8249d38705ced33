import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { ApiSession } from '../api';

/** The ISO week (`2026-W49`) a day falls in, as the planner's URL names it. */
export const isoWeekOf = (day: string): string => {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7;
  const thursday = new Date(date.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
};

type CaseDetailRappels = { version: number; rappels: { rappelId: string; dueOn: string; deadlineOn: string; status: string }[] };

/** The rappels of a case as the API shows them (due dates fall months after the hand-over). */
export const rappelsOf = async (api: ApiSession, caseId: string, after?: string): Promise<CaseDetailRappels> =>
  api.get<CaseDetailRappels>(`/cases/${encodeURIComponent(caseId)}${after ? `?after=${encodeURIComponent(after)}` : ''}`);

/** Opens the rappel planner on the week of `day`, in the list or the calendar view. */
export const openRappelPlanner = async (page: Page, day: string, view: 'lijst' | 'kalender' = 'lijst') => {
  await page.goto(`/rappelplanner?week=${isoWeekOf(day)}&weergave=${view}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Rappelplanner' })).toBeVisible();
  await expect(page.getByText('Rappels laden…')).toHaveCount(0);
};

/** Opens "Uitkomst vastleggen" for the family's open rappel and answers the dialog. */
export const openOutcomeDialog = async (page: Page, familyLabel: string) => {
  await page
    .getByRole('button', { name: `Uitkomst vastleggen voor ${familyLabel}` })
    .first()
    .click();
  const dialog = page.getByRole('dialog', { name: `Uitkomst vastleggen: ${familyLabel}` });
  await expect(dialog).toBeVisible();
  return dialog;
};

/**
 * Records an outcome in the open dialog; "Onveilig" goes through its confirmation
 * ("De regie gaat direct terug naar Veilig Thuis.").
 */
export const recordOutcomeInDialog = async (page: Page, outcome: 'Veilig' | 'Zorgen' | 'Onveilig', notes: string) => {
  await page.getByRole('radio', { name: outcome, exact: true }).check();
  await page.getByLabel('Toelichting').fill(notes);
  await page.getByRole('button', { name: 'Uitkomst vastleggen', exact: true }).click();
  if (outcome === 'Onveilig') {
    await expect(page.getByRole('heading', { name: 'Onveilig vastleggen?' })).toBeVisible();
    await page.getByRole('button', { name: 'Ja, onveilig vastleggen' }).click();
  }
};

type SignedIn = { user: { userId: string; displayName: string; organisationId: string } };

const vtZhz = { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' } as const;
const tsGorinchem = { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' } as const;

/**
 * Over the API: a report on a new family in Gorinchem, assessed as structurally unsafe by Veilig
 * Thuis, handed over to Team Sociaal Gorinchem (accepted by `ts`), with rappels by the Veilig Thuis
 * professional at the given months after the hand-over. Answers the case id, its family label and
 * the rappels.
 */
export const setUpMonitoredCase = async (
  vt: ApiSession,
  ts: ApiSession,
  familyName: string,
  offsetsInMonths: number[] = [1, 2],
): Promise<{ caseId: string; familyLabel: string; owner: SignedIn['user']; rappels: CaseDetailRappels['rappels'] }> => {
  const { user } = await vt.get<SignedIn>('/auth/session');
  const receivedBy = { person: { personId: user.userId }, organisation: vtZhz };
  const opened = await vt.send('/cases/reports', {
    newFamily: true,
    referrer: { kind: 'professional', name: 'Els Jansen', organisation: 'OBS De Linge', role: 'ib', contact: { email: 'e@example.org' } },
    sourceCategory: 'police',
    formsOfViolence: ['partner-violence'],
    concern: 'Politie meldt huiselijk geweld.',
    household: {
      address: { street: 'Rappelweg', houseNumber: '5', postcode: '4201 RP', municipality: 'Gorinchem' },
      members: [{ role: 'adult', name: { givenNames: 'Petra', familyName }, dateOfBirth: '1984-05-06' }],
    },
    receivedBy,
  });
  const assessment = `/cases/${opened.caseId}/safety-assessments/${opened.ids['reportId']}`;
  await vt.send(`${assessment}/start`, {});
  await vt.send(`${assessment}/complete`, { acuteUnsafety: false, structuralUnsafety: true });
  const offered = await vt.send(`/cases/${opened.caseId}/handovers`, {
    to: { organisation: tsGorinchem },
    reason: 'Hulp in het vrijwillig kader.',
    phase: 'stable-safety',
  });
  await ts.send(`/cases/${opened.caseId}/handovers/${offered.ids['handoverId']}/accept`, {});
  const scheduled = await vt.send(`/cases/${opened.caseId}/rappel-schedules`, { owner: receivedBy, offsetsInMonths });
  const { rappels } = await rappelsOf(vt, opened.caseId, scheduled.checkpoint);
  return { caseId: opened.caseId, familyLabel: `${familyName}, 4201`, owner: user, rappels };
};

/** "Verplaatsen" on the family's open rappel in the planner: a new day (YYYY-MM-DD) and a reason. */
export const rescheduleInPlanner = async (page: Page, familyLabel: string, dueOn: string, reason: string) => {
  await page
    .getByRole('button', { name: `Verplaatsen: rappel van ${familyLabel}` })
    .first()
    .click();
  const dialog = page.getByRole('dialog', { name: `Rappel verplaatsen: ${familyLabel}` });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Nieuwe datum').fill(dueOn);
  await dialog.getByLabel('Reden').fill(reason);
  await dialog.getByRole('button', { name: 'Verplaatsen', exact: true }).click();
  await expect(dialog).toBeHidden();
};
