import { setLocaleForTests } from '@ketenregie/platform-web';
import { reasonCounter, signalFormSchema } from './signal-form';

describe('the signal form', () => {
  beforeAll(() => setLocaleForTests('nl'));

  it('asks for a choice and an explanation in Dutch words, never code values', () => {
    const result = signalFormSchema.safeParse({ reason: '   ' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['kind', 'Kies: de hulp stagneert, of nieuwe zorgen.'],
      ['reason', 'Vul een toelichting in.'],
    ]);
  });

  it('accepts the two referrer signals only, and sends the explanation trimmed', () => {
    expect(signalFormSchema.parse({ kind: 'aid-stalls', reason: '  Geen contact meer.  ' })).toEqual({
      kind: 'aid-stalls',
      reason: 'Geen contact meer.',
    });
    expect(signalFormSchema.safeParse({ kind: 'task-stalls', reason: 'x' }).success).toBe(false);
  });

  it('allows 1000 characters and refuses 1001, as the API does', () => {
    expect(signalFormSchema.safeParse({ kind: 'new-concerns', reason: 'a'.repeat(1000) }).success).toBe(true);
    const tooLong = signalFormSchema.safeParse({ kind: 'new-concerns', reason: 'a'.repeat(1001) });
    expect(tooLong.error?.issues.map((issue) => issue.message)).toEqual(['Gebruik maximaal 1000 tekens.']);
  });

  it('counts down what is left, and says how much is too much', () => {
    expect(reasonCounter('')).toEqual({ text: 'Nog 1000 van 1000 tekens.', over: false });
    expect(reasonCounter(' abc ')).toEqual({ text: 'Nog 997 van 1000 tekens.', over: false });
    expect(reasonCounter('a'.repeat(1003))).toEqual({ text: '3 tekens te veel.', over: true });
  });
});
