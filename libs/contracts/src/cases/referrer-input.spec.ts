import { dutchErrorMap } from '../error-map';
import { referrerInputSchema } from './commands';

const parse = (input: unknown) => referrerInputSchema.safeParse(input, { error: dutchErrorMap });

describe('the referrer of an intake', () => {
  it('still accepts the bodies of older clients: a professional, a citizen, anonymous', () => {
    for (const body of [
      { kind: 'professional', name: 'Els', organisation: 'OBS', role: 'ib', contact: { email: 'e@example.org' } },
      { kind: 'citizen', name: 'Buurvrouw' },
      { kind: 'anonymous' },
    ]) {
      expect(parse(body)).toMatchObject({ success: true });
    }
  });

  it('accepts a directory professional by account or invitation, an informant, and consent with its channel', () => {
    expect(
      parse({
        kind: 'directory-professional',
        organisationId: 'obs-de-linge',
        personId: 'ref-els',
        feedbackConsent: { kind: 'granted', channel: 'portal' },
        namingEndangers: true,
      }),
    ).toMatchObject({ success: true });
    expect(
      parse({
        kind: 'directory-professional',
        organisationId: 'obs-de-linge',
        contact: { email: 'e@example.org' },
        feedbackConsent: { kind: 'declined' },
      }),
    ).toMatchObject({ success: true });
    expect(parse({ kind: 'informant', name: 'Oom', namingEndangers: false })).toMatchObject({ success: true });
  });

  it('refuses consent for an informant: an informant gets no feedback', () => {
    const result = parse({ kind: 'informant', feedbackConsent: { kind: 'granted', channel: 'email' } });
    expect(result.success).toBe(false);
  });

  it('words an unknown channel and a missing choice in Dutch, without code values', () => {
    const channel = parse({ kind: 'citizen', name: 'B', feedbackConsent: { kind: 'granted', channel: 'fax' } });
    const naming = parse({ kind: 'citizen', name: 'B', namingEndangers: 'misschien' });
    expect(channel.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['feedbackConsent.channel', 'Kies hoe de melder terugkoppeling krijgt: per e-mail, in het meldersportaal of per telefoon.'],
    ]);
    expect(naming.error?.issues.map((issue) => issue.message)).toEqual(['Kies ja of nee.']);
  });
});
