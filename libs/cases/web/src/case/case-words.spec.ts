import type { CaseDetail } from '@ketenregie/contracts';
import { setLocaleForTests } from '@ketenregie/platform-web';
import { actorLabel, checkAsOf, happenedBy, knownNames, tabFromParam, textLabel } from './case-words';

const organisation = (organisationId: string, name: string) => ({ organisationId, name, kind: 'veilig-thuis' as const });

const names = knownNames({
  director: {
    person: { personId: 'vt-anna', name: 'Anna Jansen' },
    organisation: organisation('vt-zhz', 'Veilig Thuis Zuid-Holland Zuid'),
  },
  pendingHandover: null,
  chainPartners: [
    { partnerId: 'p1', organisation: { organisationId: 'ggz', name: 'GGZ Zuid', kind: 'other' }, role: 'health', active: true },
  ],
  plan: {
    safetyConditions: [],
    parts: {
      safety: { description: '', agreements: [] },
      aid: { description: '', agreements: [] },
      recovery: { description: '', agreements: [] },
    },
  },
  rappels: [],
  recidivismFlags: [],
  lastClosure: null,
} as unknown as CaseDetail);

describe('case page words', () => {
  beforeEach(() => setLocaleForTests('nl'));

  it('opens the overview for a missing or unknown tab, and the named tab otherwise', () => {
    expect(tabFromParam(null)).toBe('overzicht');
    expect(tabFromParam('onbekend')).toBe('overzicht');
    expect(tabFromParam('tijdlijn')).toBe('tijdlijn');
  });

  it('names a free text by its event and field, an agreement whatever its place, and an unknown one by its kind', () => {
    expect(textLabel({ type: 'cases.report-received', field: 'concern', kind: 'intake' })).toBe('Zorg van de melder');
    expect(textLabel({ type: 'cases.plan-part-updated', field: 'agreements.3.text', kind: 'plan' })).toBe('Afspraak in het plan');
    expect(textLabel({ type: 'cases.something-new', field: 'note', kind: 'rappel' })).toBe('Tekst (Rappel)');
  });

  it('names who acted from the case, never by account id, and says when a colleague steered for the director', () => {
    expect(actorLabel({ userId: 'vt-anna', organisationId: 'vt-zhz' }, names)).toBe('Anna Jansen (Veilig Thuis Zuid-Holland Zuid)');
    expect(actorLabel({ userId: 'ggz-12', organisationId: 'ggz' }, names)).toBe('een medewerker van GGZ Zuid');
    expect(actorLabel({ userId: 'x-9' }, names)).toBe('een medewerker');
    expect(actorLabel(null, names)).toBe('Ketenregie (automatisch)');
    expect(actorLabel({ userId: 'vt-bob', organisationId: 'vt-zhz', onBehalfOf: 'vt-anna' }, names)).toBe(
      'een medewerker van Veilig Thuis Zuid-Holland Zuid, namens Anna Jansen',
    );
  });

  it('accepts an as-of day from 1 January 2015 up to today, as the API does', () => {
    expect(checkAsOf('2026-03-01', '2026-03-10')).toEqual({ ok: true, day: '2026-03-01' });
    expect(checkAsOf('2026-03-11', '2026-03-10')).toEqual({ ok: false, message: 'Kies vandaag of een dag in het verleden.' });
    expect(checkAsOf('2014-12-31', '2026-03-10')).toEqual({ ok: false, message: 'Kies een datum vanaf 1 januari 2015.' });
    expect(checkAsOf('', '2026-03-10')).toEqual({ ok: false, message: 'Kies een datum.' });
  });

  it('counts an event to the Amsterdam day it happened on', () => {
    // 23.30 UTC on 1 March is 00.30 on 2 March in Amsterdam.
    expect(happenedBy('2026-03-01T23:30:00Z', '2026-03-01')).toBe(false);
    expect(happenedBy('2026-03-01T22:30:00Z', '2026-03-01')).toBe(true);
  });
});
