/**
 * One e-mail address as feedback and portal invitations are sent to it: `name@organisatie.nl`,
 * without a display name, quotes or a second address. A mail library reads "a@x.nl, b@y.nl" (or
 * with `;`) as two recipients, so a referrer's feedback about a family would also reach whoever
 * was typed second; "jan@gmail" or a full-width "＠" reaches nobody, and the referrer never hears
 * back. Both are refused where they are typed.
 *
 * ASCII only: the outgoing SMTP envelope carries the address as it is, and a server without
 * SMTPUTF8 refuses a non-ASCII one; `.nl` has no internationalised domain names.
 */

// RFC 5321/5322 dot-atom: printable ASCII except specials, in dot-separated runs.
const localPart = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
// Letters, digits and inner hyphens; a top-level domain of letters, or an A-label (`xn--`).
const domainLabel = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const topLevelDomain = /^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/** What a user is told at the field, by the form, the API and the domain alike. */
export const invalidMailboxAddressMessage = 'Vul één e-mailadres in, zoals naam@organisatie.nl.';

/** The most an address may be: 254 characters (RFC 5321's path of 256, less the angle brackets). */
export const mailboxAddressMaxLength = 254;

export const isMailboxAddress = (value: string): boolean => {
  if (value.length === 0 || value.length > mailboxAddressMaxLength) return false;
  const at = value.indexOf('@');
  if (at <= 0 || at !== value.lastIndexOf('@')) return false;
  const local = value.slice(0, at);
  const labels = value.slice(at + 1).split('.');
  if (local.length > 64 || !localPart.test(local)) return false;
  if (labels.length < 2 || !labels.every((label) => domainLabel.test(label))) return false;
  return topLevelDomain.test(labels[labels.length - 1]);
};
