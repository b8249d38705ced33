import type { PeopleDirectory } from '@ketenregie/access-domain';
import { problem } from '@ketenregie/platform-http';

/**
 * A directory professional named by account must have an enabled account of role `referrer` at
 * the organisation named with it: the referrer portal shows a report only to that account, so a
 * wrong id would show a family's feedback to someone else, or to nobody.
 */
export const requireReferrerAccount = async (body: unknown, people: PeopleDirectory): Promise<void> => {
  const referrer = (body as { referrer?: { kind?: unknown; personId?: unknown; organisationId?: unknown } } | null)?.referrer;
  if (referrer?.kind !== 'directory-professional' || typeof referrer.personId !== 'string') return;
  const [person] = await people.findPeople([referrer.personId]);
  if (person && person.organisationId === referrer.organisationId && person.roles.includes('referrer')) return;
  throw problem(
    422,
    'Dit account is geen melder-account van de gekozen organisatie. Kies een ander account of nodig de melder uit per e-mail.',
    {
      type: 'urn:ketenregie:problem:case.referrer-account-unknown',
      errors: [{ path: 'referrer.personId', message: 'Kies een melder-account van de gekozen organisatie.' }],
    },
  );
};
