import type { EmergencyGrantReviewOutcome } from '@ketenregie/contracts';

// The grant store keeps one review note and no outcome column. Until it has one, the outcome is
// the note's first word, in Dutch, so the stored note reads correctly to a person as well.
// Only this file reads or writes that form.

const outcomeWords: Record<EmergencyGrantReviewOutcome, string> = { justified: 'Terecht.', unjustified: 'Onterecht.' };

export const encodeReviewNote = (outcome: EmergencyGrantReviewOutcome, note: string | undefined): string => {
  const text = note?.trim() ?? '';
  return text === '' ? outcomeWords[outcome] : `${outcomeWords[outcome]} ${text}`;
};

export const decodeReviewNote = (stored: string | null): { outcome: EmergencyGrantReviewOutcome | null; note: string | null } => {
  if (stored === null) return { outcome: null, note: null };
  for (const [outcome, word] of Object.entries(outcomeWords) as [EmergencyGrantReviewOutcome, string][]) {
    if (stored === word) return { outcome, note: null };
    if (stored.startsWith(`${word} `)) return { outcome, note: stored.slice(word.length + 1) };
  }
  return { outcome: null, note: stored };
};
