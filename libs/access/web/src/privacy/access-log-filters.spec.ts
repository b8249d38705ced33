import { emptyFilters, filtersFromParams, pageFromParams, paramsFor, toAccessLogQuery } from './access-log-filters';

describe('access log filters in the address', () => {
  it('round-trip through Dutch parameter names, trimmed, with the page', () => {
    const filters = { ...emptyFilters, familyId: ' fam-1 ', userId: 'e2e-vt', from: '2026-03-01', emergency: true };
    const params = paramsFor(filters, 2);
    expect(params.toString()).toBe('gezin=fam-1&gebruiker=e2e-vt&van=2026-03-01&nood=ja&pagina=2');
    expect(filtersFromParams(params)).toEqual({ ...filters, familyId: 'fam-1' });
    expect(pageFromParams(params)).toBe(2);
  });

  it('shows no search before one is asked for', () => {
    expect(pageFromParams(new URLSearchParams('gezin=fam-1'))).toBeUndefined();
    expect(pageFromParams(new URLSearchParams('pagina=nul'))).toBeUndefined();
  });

  it("become the API's query, leaving out what is empty", () => {
    expect(toAccessLogQuery({ ...emptyFilters, caseId: 'case-1', to: '2026-03-10' }, 1)).toEqual({
      ok: true,
      query: { caseId: 'case-1', to: '2026-03-10', page: 1, pageSize: 50 },
    });
  });

  it("refuse what the API would refuse, with the schema's Dutch message at the field", () => {
    const result = toAccessLogQuery({ ...emptyFilters, from: '2014-12-31' }, 1);
    expect(result).toEqual({ ok: false, errors: { from: expect.stringContaining('vanaf 1 januari 2015') as unknown } });
  });

  it('refuses a period that ends before it starts', () => {
    expect(toAccessLogQuery({ ...emptyFilters, from: '2026-03-10', to: '2026-03-09' }, 1)).toEqual({
      ok: false,
      errors: { to: 'Kies een datum op of na de datum bij Van.' },
    });
    expect(toAccessLogQuery({ ...emptyFilters, from: '2026-03-10', to: '2026-03-10' }, 1).ok).toBe(true);
  });
});
