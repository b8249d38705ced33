import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { ApiSession, CommandResult } from '../api';

export type CaseTabLabel = 'Overzicht' | 'Plan' | 'Tijdlijn' | 'Termijnen' | 'Ketenpartners' | 'Terugkoppeling';

/** Today in Amsterdam as `YYYY-MM-DD`, as the app and the API count days. */
export const amsterdamToday = (now: Date = new Date()): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

/** "1 maart 2026", as the app writes a day. */
export const dutchDay = (day: string): string =>
  new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(`${day}T12:00:00Z`),
  );

/** A family name no other test uses, so tests sharing one server do not see each other's cases. */
export const uniqueFamilyName = (prefix: string): string => `${prefix}${Math.random().toString(36).slice(2, 8)}`;

/**
 * A report on a new family in Gorinchem, registered over the API by the signed-in Veilig Thuis
 * professional (who becomes its director). Answers the command result (case id, version, checkpoint).
 */
export const registerReportOverApi = async (
  api: ApiSession,
  options: { familyName: string; concern?: string; houseNumber?: string },
): Promise<CommandResult> => {
  const session = await api.get<{ user: { userId: string; organisationId: string } }>('/auth/session');
  return api.send('/cases/reports', {
    newFamily: true,
    referrer: {
      kind: 'professional',
      name: 'Els Verhoef',
      organisation: 'OBS De Linge',
      role: 'intern begeleider',
      contact: { email: 'els.verhoef@example.org' },
    },
    sourceCategory: 'education-childcare',
    formsOfViolence: ['child-abuse'],
    concern: options.concern ?? 'Sem komt de laatste weken vaker met blauwe plekken op school.',
    household: {
      address: {
        street: 'Dorpsstraat',
        houseNumber: options.houseNumber ?? '12',
        postcode: '4201 AB',
        city: 'Gorinchem',
        municipality: 'Gorinchem',
      },
      members: [
        { role: 'adult', name: { givenNames: 'Anna', familyName: options.familyName }, dateOfBirth: '1988-04-02' },
        { role: 'child', name: { givenNames: 'Sem', familyName: options.familyName }, dateOfBirth: '2017-09-15' },
      ],
    },
    receivedBy: {
      person: { personId: session.user.userId },
      organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' },
    },
  });
};

/** The case page's H1 (the family), once the case has loaded. */
export const caseHeading = (page: Page) => page.getByRole('main').getByRole('heading', { level: 1 });

/** Opens `/casussen/:caseId` (optionally a tab or an as-of day) and waits until the case or its refusal shows. */
export const openCase = async (page: Page, caseId: string, view: { tab?: string; asOf?: string } = {}) => {
  const params = new URLSearchParams();
  if (view.tab) params.set('tab', view.tab);
  if (view.asOf) params.set('asOf', view.asOf);
  const search = params.toString();
  await page.goto(`/casussen/${encodeURIComponent(caseId)}${search ? `?${search}` : ''}`);
  await expect(page.getByText('Casus laden…')).toHaveCount(0);
  await expect(caseHeading(page)).toBeVisible();
};

/** Clicks one of the case page's tab links and waits until it is the current one. */
export const openCaseTab = async (page: Page, label: CaseTabLabel) => {
  const tabs = page.getByRole('navigation', { name: 'Onderdelen van de casus' });
  await tabs.getByRole('link', { name: label, exact: true }).click();
  await expect(tabs.getByRole('link', { name: label, exact: true })).toHaveAttribute('aria-current', 'page');
};

/** The rows of the timeline that are in the page now (it is virtualised). */
export const timelineItems = (page: Page) => page.getByRole('feed', { name: 'Tijdlijn' }).getByRole('article');

/** Shows the case as it was on `day` through "Bekijk zoals op". */
export const viewCaseAsOf = async (page: Page, day: string) => {
  await page.getByLabel('Bekijk zoals op').fill(day);
  await page.getByRole('button', { name: 'Bekijken' }).click();
  await expect(page).toHaveURL(new RegExp(`asOf=${day}`));
};

/** From the 404 of a case, as a Veilig Thuis professional: asks emergency access with this reason. */
export const requestEmergencyAccess = async (page: Page, reason: string) => {
  await page.getByRole('button', { name: 'Noodtoegang aanvragen' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Noodtoegang aanvragen' });
  await dialog.getByLabel('Reden').fill(reason);
  await dialog.getByRole('button', { name: 'Noodtoegang aanvragen' }).click();
  await expect(page.getByText(/^Noodtoegang tot /)).toBeVisible();
};
