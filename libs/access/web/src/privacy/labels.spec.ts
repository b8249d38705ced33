import { actorLabel, handlingLabel, legalBasisLabel } from './labels';

describe('access log labels', () => {
  it('says in Dutch what was done, and what a command came to when it changed nothing', () => {
    expect(handlingLabel({ action: 'read', outcome: null })).toBe('Ingezien');
    expect(handlingLabel({ action: 'update', outcome: 'changed' })).toBe('Gewijzigd');
    expect(handlingLabel({ action: 'update', outcome: 'refused' })).toBe('Gewijzigd (geweigerd)');
  });

  it('names the legal basis in words, and shows an unknown one as stored', () => {
    expect(legalBasisLabel('wmo-2015-4.1.1')).toBe('Wmo 2015 art. 4.1.1 (Veilig Thuis)');
    expect(legalBasisLabel('nieuwe-wet')).toBe('nieuwe-wet');
  });

  it('names the actor by name, with role and organisation, and by account id when the account is gone', () => {
    expect(actorLabel({ userId: 'u-1', displayName: 'Vera Thuis', organisationId: 'vt-zhz', role: 'veilig-thuis-professional' })).toBe(
      'Vera Thuis · Veilig Thuis · vt-zhz',
    );
    expect(actorLabel({ userId: 'e2e-vt', organisationId: 'vt-zhz', role: 'veilig-thuis-professional' })).toBe(
      'e2e-vt · Veilig Thuis · vt-zhz',
    );
    expect(actorLabel({ organisationId: 'vt-zhz', role: null })).toBe('vt-zhz');
  });
});
