import { decodeLegacyReviewNote } from './emergency-grant-review-note';

describe('decodeLegacyReviewNote (reviews stored before the outcome column)', () => {
  it.each([
    ['Terecht.', { outcome: 'justified', note: null }],
    ['Onterecht.', { outcome: 'unjustified', note: null }],
    ['Terecht. Crisis, collega onbereikbaar.', { outcome: 'justified', note: 'Crisis, collega onbereikbaar.' }],
    ['Onterecht. Geen spoed.', { outcome: 'unjustified', note: 'Geen spoed.' }],
  ] as const)('reads %j', (stored, expected) => {
    expect(decodeLegacyReviewNote(stored)).toEqual(expected);
  });

  it('leaves a note without the outcome word whole and the outcome unknown', () => {
    expect(decodeLegacyReviewNote('Terechte zorg, maar te laat gemeld')).toEqual({
      outcome: null,
      note: 'Terechte zorg, maar te laat gemeld',
    });
    expect(decodeLegacyReviewNote(null)).toEqual({ outcome: null, note: null });
  });
});
