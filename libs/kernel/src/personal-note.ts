export const personalNoteMaxLength = 1000;

export type NoteCheck = { ok: true; note: string | undefined } | { ok: false; message: string };

/**
 * A personal note to a referrer as they will read it: trimmed, with plain line breaks. Refused
 * rather than silently changed when it holds what a mail cannot show as typed, or `{{`, which marks
 * the places a message fills in (its portal link). One rule for staff's request (the cases context
 * refuses such a note at the field) and for the message the feedback context composes from it.
 */
export const checkPersonalNote = (note: string | undefined): NoteCheck => {
  if (note === undefined) return { ok: true, note: undefined };
  const normalised = note.replace(/\r\n?/g, '\n').trim();
  if (normalised === '') return { ok: true, note: undefined };
  if (normalised.length > personalNoteMaxLength) {
    return { ok: false, message: `De toelichting is te lang. Gebruik ten hoogste ${personalNoteMaxLength} tekens.` };
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(normalised)) {
    return { ok: false, message: 'De toelichting bevat tekens die niet in een e-mail passen. Haal ze weg.' };
  }
  if (normalised.includes('{{')) return { ok: false, message: 'De toelichting mag geen {{ bevatten.' };
  return { ok: true, note: normalised };
};
