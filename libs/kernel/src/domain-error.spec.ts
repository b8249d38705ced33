import { DomainError, isDomainError } from './domain-error';

describe('DomainError', () => {
  it('carries a stable code, a Dutch message and an optional field path', () => {
    const error = new DomainError('case.required', 'Dit veld is verplicht.', { path: 'household.members' });
    expect(error).toBeInstanceOf(Error);
    expect(isDomainError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'case.required',
      message: 'Dit veld is verplicht.',
      path: 'household.members',
      name: 'DomainError',
    });
  });

  it('defaults to validation with a path and to a business rule without one, unless told otherwise', () => {
    expect(new DomainError('x', 'y', { path: 'a' }).category).toBe('validation');
    expect(new DomainError('x', 'y').category).toBe('rule');
    expect(new DomainError('x', 'y', { category: 'forbidden' }).category).toBe('forbidden');
    expect(isDomainError(new Error('x'))).toBe(false);
  });
});
