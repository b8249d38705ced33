import type { EmergencyGrantReviewOutcome } from '@ketenregie/contracts';

// Before the grant store had an outcome column, a review kept its outcome as the note's first
// word, in Dutch ("Terecht." / "Onterecht."). Those rows are evidence and cannot be rewritten
// (the table refuses edits of a reviewed grant), so they are read this way; new reviews store
// the outcome in its column and the note as written.

const outcomeWords: Record<EmergencyGrantReviewOutcome, string> = { justified: 'Terecht.', unjustified: 'Onterecht.' };

export const decodeLegacyReviewNote = (stored: string | null): { outcome: EmergencyGrantReviewOutcome | null; note: string | null } => {
  if (stored === null) return { outcome: null, note: null };
  for (const [outcome, word] of Object.entries(outcomeWords) as [EmergencyGrantReviewOutcome, string][]) {
    if (stored === word) return { outcome, note: null };
    if (stored.startsWith(`${word} `)) return { outcome, note: stored.slice(word.length + 1) };
  }
  return { outcome: null, note: stored };
};
