import { decodeReviewNote, encodeReviewNote } from './emergency-grant-review-note';

describe('review note', () => {
  it.each([
    ['justified', undefined, 'Terecht.'],
    ['justified', '   ', 'Terecht.'],
    ['unjustified', ' Geen acute situatie. ', 'Onterecht. Geen acute situatie.'],
  ] as const)('stores %s with note %p as %p and reads it back', (outcome, note, stored) => {
    expect(encodeReviewNote(outcome, note)).toBe(stored);
    expect(decodeReviewNote(stored)).toEqual({ outcome, note: note?.trim() ? note.trim() : null });
  });

  it('reads a note in any other form as a note without outcome', () => {
    expect(decodeReviewNote('Terechte zorg, maar te laat gemeld')).toEqual({ outcome: null, note: 'Terechte zorg, maar te laat gemeld' });
    expect(decodeReviewNote(null)).toEqual({ outcome: null, note: null });
  });
});
