import fc from 'fast-check';
import { isMailboxAddress, mailboxAddressMaxLength } from './mailbox-address';

describe('isMailboxAddress', () => {
  it('accepts the addresses referrers have', () => {
    for (const address of [
      'j.devries@delinde.example',
      'meldpunt@veiligthuis-zhz.nl',
      "o'brien+feedback@school.nl",
      'info@x.nl',
      'a_b-c@sub.domein.gemeente.nl',
      'JAN@DELINDE.NL',
      'jan@xn--caf-dma.nl',
    ]) {
      expect([address, isMailboxAddress(address)]).toEqual([address, true]);
    }
  });

  it('refuses a second address, a display name and anything that reaches nobody', () => {
    for (const address of [
      'jan@delinde.nl, iemand@elders.nl',
      'jan@delinde.nl;iemand@elders.nl',
      'jan@delinde.nl iemand@elders.nl',
      'Jan de Vries <jan@delinde.nl>',
      '"jan"@delinde.nl',
      'jan@gmail',
      'jan.gmail.com',
      'jan@@delinde.nl',
      '@delinde.nl',
      'jan@',
      'jan@.nl',
      'jan@delinde..nl',
      'jan@-delinde.nl',
      'jan@delinde-.nl',
      'jan.@delinde.nl',
      '.jan@delinde.nl',
      'j..an@delinde.nl',
      'jan@delinde.nl.',
      'jan@delinde.123',
      'jan@[127.0.0.1]',
      ' jan@delinde.nl',
      'jan@delinde.nl\n',
      'jan\r\nBcc: iemand@elders.nl@delinde.nl',
      'jan＠delinde.nl',
      'ｊａｎ@delinde.nl',
      'josé@delinde.nl',
      'jan@café.nl',
      'jan@deli\u200bnde.nl',
      'jan@\u202edelinde.nl',
      `${'a'.repeat(65)}@delinde.nl`,
      `jan@${'a'.repeat(64)}.nl`,
      '',
    ]) {
      expect([address, isMailboxAddress(address)]).toEqual([address, false]);
    }
  });

  it('is at most 254 characters long', () => {
    const label = 'a'.repeat(63);
    const address = (third: number) => `${'j'.repeat(64)}@${[label, label, 'a'.repeat(third), 'nl'].join('.')}`;
    expect(address(58)).toHaveLength(mailboxAddressMaxLength);
    expect(isMailboxAddress(address(58))).toBe(true);
    // Every part within its own limit, the whole one character over.
    expect(isMailboxAddress(address(59))).toBe(false);
  });

  it('refuses any text with a character outside printable ASCII, or with a list separator or space', () => {
    const valid = 'jan@delinde.nl';
    fc.assert(
      fc.property(
        fc.nat(valid.length),
        fc.oneof(
          fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }).filter((text) => /[^\x21-\x7e]/.test(text)),
          fc.constantFrom(',', ';', ' ', '<', '>', '"', '(', ')', '[', ']', '\\', ':'),
        ),
        (at, inserted) => !isMailboxAddress(valid.slice(0, at) + inserted + valid.slice(at)),
      ),
      { numRuns: 2_000 },
    );
  });

  it('refuses two valid addresses however they are joined', () => {
    const address = fc.tuple(fc.stringMatching(/^[a-z0-9]{1,10}$/), fc.stringMatching(/^[a-z]{1,10}\.nl$/)).map(([l, d]) => `${l}@${d}`);
    fc.assert(
      fc.property(address, address, fc.constantFrom(',', ', ', ';', '; ', ' ', '\n', '\t'), (first, second, separator) => {
        expect(isMailboxAddress(first)).toBe(true);
        expect(isMailboxAddress(first + separator + second)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
