import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { ApiSession, CommandResult } from '../api';

/** The worklist table once its rows are there (not busy loading). */
export const worklistTable = (page: Page): Locator => page.locator('table.ketenregie-responsive-table:not([aria-busy])');

/** The row of a family on the worklist, by its label as the list shows it ("Jansen, 4201"). */
export const worklistRow = (page: Page, familyLabel: string): Locator =>
  worklistTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: familyLabel, exact: true }) });

/** Waits until the worklist shows its rows (or its empty state). */
export const waitForWorklist = async (page: Page): Promise<void> => {
  await expect(worklistTable(page)).toBeVisible();
};

/**
 * Opens a tab of the Werkvoorraad by its label ("Beoordelen"); the tab's link also carries its
 * count, so the label is matched at the start of the link text.
 */
export const openWorklistTab = async (page: Page, tabLabel: string): Promise<void> => {
  const tabs = page.getByRole('navigation', { name: 'Werklijsten' });
  if (!(await tabs.isVisible())) await page.goto('/werkvoorraad');
  await tabs.getByRole('link', { name: new RegExp(`^${tabLabel}\\b`) }).click();
  await expect(tabs.getByRole('link', { name: new RegExp(`^${tabLabel}\\b`) })).toHaveAttribute('aria-current', 'page');
  await waitForWorklist(page);
};

/** Follows a family's link on the current worklist to the case page; answers the case id. */
export const openCaseFromWorklist = async (page: Page, familyLabel: string): Promise<string> => {
  await worklistTable(page).getByRole('link', { name: familyLabel, exact: true }).click();
  await expect(page).toHaveURL(/\/casussen\/[^/?#]+$/);
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
};

export type TestReport = {
  familyName: string;
  municipality?: string;
  postcode?: string;
  /** Received this many days ago (at most 30): 7 or more makes the safety assessment overdue. */
  receivedDaysAgo?: number;
};

/** The label a worklist shows for a family registered with `registerTestReport`. */
export const familyLabelOf = (report: TestReport): string => `${report.familyName}, ${(report.postcode ?? '4201 AB').slice(0, 4)}`;

const organisations = {
  'vt-zhz': { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' },
  'vt-utrecht': { organisationId: 'vt-utrecht', name: 'Veilig Thuis Utrecht', kind: 'veilig-thuis' },
} as const;

/** Registers a report of a new family over the API as the signed-in Veilig Thuis professional. */
export const registerTestReport = async (api: ApiSession, report: TestReport): Promise<CommandResult> => {
  const { user } = await api.get<{ user: { userId: string; organisationId: keyof typeof organisations } }>('/auth/session');
  const receivedAt = report.receivedDaysAgo ? new Date(Date.now() - report.receivedDaysAgo * 86_400_000).toISOString() : undefined;
  return api.send<CommandResult>('/cases/reports', {
    newFamily: true,
    referrer: {
      kind: 'professional',
      name: 'Els Jansen',
      organisation: 'OBS De Linge',
      role: 'Intern begeleider',
      contact: { email: 'e@example.org' },
    },
    sourceCategory: 'police',
    formsOfViolence: ['partner-violence'],
    concern: 'Politie meldt huiselijk geweld.',
    household: {
      address: {
        street: 'Werkweg',
        houseNumber: String(1 + Math.floor(Math.random() * 9000)),
        postcode: report.postcode ?? '4201 AB',
        municipality: report.municipality ?? 'Gorinchem',
      },
      members: [{ role: 'adult', name: { givenNames: 'Sam', familyName: report.familyName }, dateOfBirth: '1985-06-07' }],
    },
    receivedBy: { person: { personId: user.userId }, organisation: organisations[user.organisationId] },
    ...(receivedAt ? { receivedAt } : {}),
  });
};

/** Assesses a fresh report as structurally unsafe and offers the case to Team Sociaal Gorinchem. */
export const offerToGorinchemTeam = async (api: ApiSession, opened: CommandResult): Promise<CommandResult> => {
  const assessment = `/cases/${opened.caseId}/safety-assessments/${opened.ids['reportId']}`;
  await api.send(`${assessment}/start`, {});
  await api.send(`${assessment}/complete`, { acuteUnsafety: false, structuralUnsafety: true });
  return api.send<CommandResult>(`/cases/${opened.caseId}/handovers`, {
    to: { organisation: { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' } },
    reason: 'Hulp in het vrijwillig kader.',
    phase: 'stable-safety',
  });
};
