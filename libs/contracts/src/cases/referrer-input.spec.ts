import { dutchErrorMap } from '../error-map';
import { invalidEmailCode, issueCode, unstorableTextCode } from '../text';
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

  it('takes one e-mail address, spaces around it allowed, and words anything else in Dutch at the field', () => {
    const citizen = (email: string) => parse({ kind: 'citizen', name: 'B', contact: { email } });
    for (const email of ['buur@example.nl', '  buur@example.nl ', '', '   '])
      expect([email, citizen(email).success]).toEqual([email, true]);
    for (const email of [
      'buur@example.nl, oom@example.nl',
      'buur@example.nl;oom@example.nl',
      'Buur <buur@example.nl>',
      'buur@example',
      'buur＠example.nl',
    ]) {
      const result = citizen(email);
      expect([email, result.error?.issues.map((issue) => [issue.path.join('.'), issue.message, issueCode(issue)])]).toEqual([
        email,
        [['contact.email', 'Vul één e-mailadres in, zoals naam@organisatie.nl.', invalidEmailCode]],
      ]);
    }
    // Text PostgreSQL cannot store gets that rule's own message, once.
    expect(citizen('buur\u0000@example.nl').error?.issues.map((issue) => issueCode(issue))).toEqual([unstorableTextCode]);
  });
});
