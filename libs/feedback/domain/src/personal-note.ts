import type { FeedbackDecision } from './feedback-rules';
import type { FeedbackLocale, RenderedFeedback } from './templates';
import { renderFeedback } from './templates';
import { checkPersonalNote } from '@ketenregie/kernel';
import type { NoteCheck } from '@ketenregie/kernel';

export { checkPersonalNote, personalNoteMaxLength } from '@ketenregie/kernel';
export type { NoteCheck } from '@ketenregie/kernel';

/**
 * Where a stored message holds the referrer's portal link: each e-mail gets its own single-use
 * link when it is sent, so the message event never contains one. A note cannot contain it.
 */
export const PORTAL_LINK_SLOT = '{{portaallink}}';

/** How the preview shows the slot to staff. */
export const PORTAL_LINK_PREVIEW = '[uw persoonlijke link naar het meldersportaal]';

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
