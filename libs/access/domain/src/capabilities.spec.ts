import { roles } from '@ketenregie/kernel';
import type { Capability } from './capabilities';
import { capabilities, capabilitiesByRole, mayDo, monitorScope, roleFor } from './capabilities';
import {
  administrator,
  analyst,
  directory,
  partnerJeugdzorg,
  principal,
  privacyOfficer,
  referrerEls,
  tsCarla,
  vtAnna,
} from './testing/access-fixtures';

describe('what a role may do outside a case', () => {
  it.each<[string, Parameters<typeof mayDo>[0], Capability[]]>([
    [
      'a Veilig Thuis professional',
      vtAnna,
      ['open-case', 'open-separate-case', 'search-families', 'view-worklists', 'request-emergency-access'],
    ],
    ['a local-team consultant', tsCarla, ['open-case', 'search-families', 'view-worklists', 'view-own-tasks']],
    ['a chain partner', partnerJeugdzorg, ['view-own-tasks']],
    ['a referrer', referrerEls, ['view-report-feedback']],
    ['a policy analyst', analyst, ['view-monitor']],
    ['a privacy officer', privacyOfficer, ['review-access-log', 'review-emergency-grants']],
    ['an administrator', administrator, ['manage-accounts', 'read-local-mailbox']],
  ])('gives %s exactly its capabilities', (_name, who, expected) => {
    expect(capabilities.filter((capability) => mayDo(who, capability, directory))).toEqual(expected);
  });

  it('gives every capability to some role, and only the privacy officer the log', () => {
    for (const capability of capabilities) expect(roles.some((role) => capabilitiesByRole[role].includes(capability))).toBe(true);
    expect(roles.filter((role) => capabilitiesByRole[role].includes('review-access-log'))).toEqual(['privacy-officer']);
  });

  it('gives nothing for a role at an organisation of the wrong kind or one the directory does not know', () => {
    expect(mayDo(principal('u', 'ts-gorinchem', 'veilig-thuis-professional'), 'request-emergency-access', directory)).toBe(false);
    expect(mayDo(principal('u', 'nowhere', 'administrator'), 'manage-accounts', directory)).toBe(false);
  });

  it('names the role a capability is used in', () => {
    expect(roleFor(principal('u', 'vt-zhz', 'privacy-officer', 'veilig-thuis-professional'), 'open-case', directory)).toBe(
      'veilig-thuis-professional',
    );
  });
});

describe('monitor scope', () => {
  it("limits a policy analyst to their own municipalities, or a region's", () => {
    expect(monitorScope(analyst, directory)).toEqual({ municipalities: ['Gorinchem'] });
    expect(monitorScope(principal('a', 'vt-zhz', 'policy-analyst'), directory)).toEqual({ municipalities: ['Gorinchem', 'Molenlanden'] });
  });

  it('gives no monitor to anyone else', () => {
    expect(monitorScope(vtAnna, directory)).toBeUndefined();
    expect(monitorScope(administrator, directory)).toBeUndefined();
  });
});
