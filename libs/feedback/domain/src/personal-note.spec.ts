import { decideFeedback } from './feedback-rules';
import type { FeedbackDecision } from './feedback-rules';
import {
  checkPersonalNote,
  composeFeedback,
  fillPortalLink,
  PORTAL_LINK_PREVIEW,
  PORTAL_LINK_SLOT,
  previewFeedback,
} from './personal-note';
import { milestone, referrer } from './testing/feedback-fixtures';

const decision = decideFeedback({
  referrer: referrer('directory-professional'),
  milestone: milestone('safety-assessment-done'),
  hasPlanRole: false,
}) as Extract<FeedbackDecision, { kind: 'send' }>;

describe('fixed templates with a personal note', () => {
  it('renders the fixed Dutch wording, addressing the referrer as "u"', () => {
    const { subject, text } = composeFeedback({ decision, locale: 'nl' });
    expect(subject).toBe('Uw melding VT-2026-00042: veiligheidsbeoordeling klaar');
    expect(text).toContain('Wij hebben besloten dat er vervolg komt.');
    expect(text).toContain('Noem dit kenmerk als u contact met ons opneemt.');
    expect(text).not.toContain('Persoonlijke toelichting');
  });

  it('has the same message in English', () => {
    const { subject, text } = composeFeedback({ decision, locale: 'en' });
    expect(subject).toBe('Your report VT-2026-00042: safety assessment completed');
    expect(text).toContain('We have decided that there will be follow-up.');
  });

  it('shows staff exactly the text the referrer reads, with only the link marked', () => {
    const note = '  Dank voor uw melding.\r\nBel gerust als u vragen heeft.  ';
    const result = previewFeedback({ decision, locale: 'nl', note });
    expect(result.ok).toBe(true);
    const stored = composeFeedback({ decision, locale: 'nl', note });
    expect(result.preview?.text).toContain(
      'Persoonlijke toelichting van uw contactpersoon:\nDank voor uw melding.\nBel gerust als u vragen heeft.\n',
    );
    expect(result.preview?.text).toContain(PORTAL_LINK_PREVIEW);
    const delivered = fillPortalLink(stored.text, 'https://ketenregie.example/melder/link/abc');
    expect(result.preview?.text.replace(PORTAL_LINK_PREVIEW, 'https://ketenregie.example/melder/link/abc')).toBe(delivered);
    expect(delivered).not.toContain(PORTAL_LINK_SLOT);
    expect(result.preview?.subject).toBe(stored.subject);
  });

  it('refuses a note that is too long, holds control characters, or the link slot', () => {
    expect(checkPersonalNote('x'.repeat(1001))).toMatchObject({ ok: false });
    expect(checkPersonalNote('a\u0007b')).toMatchObject({ ok: false });
    expect(checkPersonalNote(`zie ${PORTAL_LINK_SLOT}`)).toMatchObject({ ok: false });
    expect(previewFeedback({ decision, locale: 'nl', note: 'x'.repeat(1001) })).toMatchObject({ ok: false });
    expect(() => composeFeedback({ decision, locale: 'nl', note: 'a\u0000' })).toThrow(RangeError);
  });

  it('treats an empty note as no note', () => {
    expect(checkPersonalNote('   ')).toEqual({ ok: true, note: undefined });
  });

  it('fills the link in its slot only, even when the link has replacement patterns', () => {
    expect(fillPortalLink(`a ${PORTAL_LINK_SLOT} b`, 'https://x/$&')).toBe('a https://x/$& b');
  });
});
