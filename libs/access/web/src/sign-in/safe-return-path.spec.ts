import { safeReturnPath } from './safe-return-path';

describe('the page to return to after sign-in', () => {
  it('is a path of this app', () => {
    expect(safeReturnPath('/casussen/abc?tab=plan')).toBe('/casussen/abc?tab=plan');
    expect(safeReturnPath(null)).toBe('/');
  });

  it('never leads to another site or back to sign-in', () => {
    for (const hostile of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '/aanmelden?terug=/x']) {
      expect(safeReturnPath(hostile)).toBe('/');
    }
  });
});
