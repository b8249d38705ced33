import type { CaseDetail } from '@ketenregie/contracts';
import { ApiError, setLocaleForTests } from '@ketenregie/platform-web';
import type { SeenState } from './command-outcome';
import { changesSince, ifMatchFor, refusalText, versionOfEtag } from './command-outcome';

const vera = {
  person: { personId: 'vt-vera', name: 'Vera Thuis' },
  organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const },
};
const tim = {
  person: { personId: 'ts-tim', name: 'Tim Sociaal' },
  organisation: { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' as const },
};
const emptyPart = { description: '', agreements: [] };
const seen: SeenState = {
  version: 4,
  status: 'handover_offered',
  phase: 'stable-safety',
  director: vera,
  pendingHandover: {
    handoverId: 'h1',
    kind: 'de-escalation',
    from: vera,
    to: { organisation: tim.organisation },
    reason: 'Stabiel',
    phase: 'stable-safety',
  },
  plan: { safetyConditions: [], parts: { safety: emptyPart, aid: emptyPart, recovery: emptyPart } },
  rappels: [],
};

const problem = (status: number, detail: string) =>
  new ApiError(status, { type: 'about:blank', title: 'Fout', status, detail } as ApiError['problem']);

describe('how a command answer reads', () => {
  beforeEach(() => setLocaleForTests('nl'));

  it('names the new status and director after a concurrent acceptance', () => {
    const now: SeenState = { ...seen, version: 5, status: 'handed_over', director: tim, pendingHandover: null };
    expect(changesSince(seen, now)).toEqual([
      'Status: Overdracht aangeboden → Overgedragen',
      'Regisseur: Vera Thuis (Veilig Thuis Zuid-Holland Zuid) → Tim Sociaal (Team Sociaal Gorinchem)',
      'De overdracht staat niet meer open.',
    ]);
  });

  it('says the plan changed, or that something else did, never nothing', () => {
    const plan: CaseDetail['plan'] = { ...seen.plan, parts: { ...seen.plan.parts, aid: { description: 'Hulp', agreements: [] } } };
    expect(changesSince(seen, { ...seen, version: 5, plan })).toEqual(['Het plan is gewijzigd.']);
    expect(changesSince(seen, { ...seen, version: 5 })).toEqual(['Er is iets anders aan de casus gewijzigd.']);
  });

  it("shows the API's own words for a refusal, and for a server fault that nothing was saved", () => {
    expect(refusalText(problem(422, 'Er staat geen overdracht open met dit kenmerk.'))).toBe(
      'Er staat geen overdracht open met dit kenmerk.',
    );
    expect(refusalText(problem(409, 'Al geaccepteerd door B. de Vries.'))).toBe('Al geaccepteerd door B. de Vries.');
    expect(refusalText(problem(503, 'Even niet.'))).toBe('Er is niets opgeslagen. Foutcode: 503');
    expect(refusalText(new TypeError('Failed to fetch'))).toBe('Er is niets opgeslagen. Foutcode: netwerk');
    expect(refusalText(problem(401, 'Niet aangemeld.'))).toBe('Uw sessie is verlopen. Uw invoer blijft staan.');
  });

  it('never confirms a case on a 404', () => {
    expect(refusalText(problem(404, 'Deze casus bestaat niet.'))).toBe('Deze casus bestaat niet of u hebt er geen toegang toe.');
  });

  it('reads the version from a strong or weak ETag', () => {
    expect(versionOfEtag('"12"')).toBe(12);
    expect(versionOfEtag('W/"3"')).toBe(3);
    expect(versionOfEtag(undefined)).toBeUndefined();
    expect(versionOfEtag('"abc"')).toBeUndefined();
  });
});

describe('the version a command is sent on', () => {
  it('pins what the user read, the newest known after a 412, and nothing for what does not depend on the case', () => {
    expect(ifMatchFor({ pinVersion: true, subjectVersion: 4, etag: undefined, conflictVersion: undefined })).toBe('"4"');
    expect(ifMatchFor({ pinVersion: true, subjectVersion: 4, etag: '"4"', conflictVersion: undefined })).toBe('"4"');
    expect(ifMatchFor({ pinVersion: true, subjectVersion: 4, etag: undefined, conflictVersion: 6 })).toBe('"6"');
    // The page caught up past the version the 412 named: what it shows now is what the user decided on.
    expect(ifMatchFor({ pinVersion: true, subjectVersion: 7, etag: '"7"', conflictVersion: 6 })).toBe('"7"');
    expect(ifMatchFor({ pinVersion: false, subjectVersion: 4, etag: '"4"', conflictVersion: 6 })).toBeUndefined();
  });
});
