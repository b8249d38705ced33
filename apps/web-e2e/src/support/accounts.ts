/** The people of the browser tests, one per role, in the organisations of the test directory. */
export const e2eAccounts = {
  vt: { username: 'e2e-vt', name: 'Vera Thuis', organisation: 'vt-zhz', role: 'veilig-thuis-professional' },
  vtUtrecht: { username: 'e2e-vt-utrecht', name: 'Victor Uithof', organisation: 'vt-utrecht', role: 'veilig-thuis-professional' },
  ts: { username: 'e2e-ts', name: 'Tim Sociaal', organisation: 'ts-gorinchem', role: 'team-sociaal-consultant' },
  partner: { username: 'e2e-partner', name: 'Pien Partner', organisation: 'jeugdzorg', role: 'chain-partner' },
  privacy: { username: 'e2e-privacy', name: 'Pim Privacy', organisation: 'beheer', role: 'privacy-officer' },
  analyst: { username: 'e2e-analyst', name: 'Ada Analist', organisation: 'gemeente-gorinchem', role: 'policy-analyst' },
  // A teacher at a school in the directory, with an account to read her reports' feedback.
  referrer: { username: 'e2e-referrer', name: 'Lotte Leerkracht', organisation: 'obs-de-linge', role: 'referrer' },
  // Reads the local mailbox, where outgoing e-mail goes without an SMTP server.
  admin: { username: 'e2e-admin', name: 'Bas Beheer', organisation: 'beheer', role: 'administrator' },
} as const;

export type E2eAccount = keyof typeof e2eAccounts;

/** Shared between global setup and the tests through the environment (Playwright runs them in separate processes). */
export type E2eServer = { baseUrl: string; password: string };

export const serverFromEnvironment = (): E2eServer => {
  const baseUrl = process.env.E2E_BASE_URL;
  const password = process.env.E2E_PASSWORD;
  if (!baseUrl || !password) throw new Error('E2E_BASE_URL and E2E_PASSWORD are set by the global setup');
  return { baseUrl, password };
};
