import type { FeedbackDecision } from './feedback-rules';
import type { FeedbackLocale, RenderedFeedback } from './templates';
import { renderFeedback } from './templates';

export const personalNoteMaxLength = 1000;

/**
 * Where a stored message holds the referrer's portal link: each e-mail gets its own single-use
 * link when it is sent, so the message event never contains one. A note cannot contain it.
 */
export const PORTAL_LINK_SLOT = '{{portaallink}}';

/** How the preview shows the slot to staff. */
export const PORTAL_LINK_PREVIEW = '[uw persoonlijke link naar het meldersportaal]';

export type NoteCheck = { ok: true; note: string | undefined } | { ok: false; message: string };

/**
 * A note as the referrer will read it: trimmed, with plain line breaks. Refused rather than
 * silently changed when it holds what a mail cannot show as typed.
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

export type PreviewInput = {
  decision: Extract<FeedbackDecision, { kind: 'send' }>;
  locale: FeedbackLocale;
  note?: string;
};

/** The stored message: the referrer's text with the slot where the sender puts their link. */
export const composeFeedback = ({ decision, locale, note }: PreviewInput): RenderedFeedback => {
  const checked = checkPersonalNote(note);
  if (!checked.ok) throw new RangeError(checked.message);
  return renderFeedback({ decision, locale, portalLink: PORTAL_LINK_SLOT, note: checked.note });
};

/** What staff see before sending: the composed message, word for word, with only the link shown as a marker. */
export const previewFeedback = (input: PreviewInput): NoteCheck & { preview?: RenderedFeedback } => {
  const checked = checkPersonalNote(input.note);
  if (!checked.ok) return checked;
  const composed = composeFeedback(input);
  return { ...checked, preview: { subject: composed.subject, text: composed.text.replace(PORTAL_LINK_SLOT, PORTAL_LINK_PREVIEW) } };
};

/** The text as delivered: the composed text with this message's portal link in its slot. */
export const fillPortalLink = (text: string, link: string): string => text.replace(PORTAL_LINK_SLOT, () => link);
