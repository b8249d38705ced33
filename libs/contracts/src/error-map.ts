import { z } from 'zod';
import { requiredMessage } from './text';

// zod's own Dutch messages name code values ("verwacht één van "adult"|"child"", "verwacht
// string"): a professional reading them at a field cannot act on them. This map words every issue a
// schema does not word itself in plain Dutch, without the allowed values or type names; the API
// parses with it and the web client validates with it, so both say the same at the same field.
const zodDutch = z.locales.nl();

const typeMessages: Partial<Record<string, string>> = {
  number: 'Vul een getal in.',
  int: 'Vul een heel getal in.',
  boolean: 'Kies ja of nee.',
  string: 'Vul hier tekst in.',
  date: 'Vul een datum in.',
};

const formatMessages: Partial<Record<string, string>> = {
  datetime: 'Vul een geldige datum en tijd in.',
  date: 'Vul een geldige datum in.',
  time: 'Vul een geldige tijd in.',
  email: 'Vul een geldig e-mailadres in.',
  url: 'Vul een geldig webadres in.',
};

const sizeMessage = (issue: z.core.$ZodRawIssue<z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig>): string | undefined => {
  const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  const small = issue.code === 'too_small';
  switch (issue.origin) {
    case 'string':
      if (small && bound <= 1) return requiredMessage;
      return small ? `Minimaal ${bound} tekens.` : `Maximaal ${bound} tekens.`;
    case 'array':
    case 'set':
      if (small && bound <= 1) return 'Kies of vul er minstens één in.';
      return small ? `Minimaal ${bound}.` : `Hoogstens ${bound}.`;
    case 'number':
    case 'int':
    case 'bigint':
      return small ? `Minimaal ${bound}.` : `Hoogstens ${bound}.`;
    default:
      return undefined;
  }
};

/** The message of an issue no schema worded itself, in Dutch and without code values. */
export const dutchErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return requiredMessage;
      return typeMessages[issue.expected] ?? 'Dit veld heeft niet de goede vorm.';
    case 'invalid_value':
      return 'Kies een van de mogelijkheden.';
    case 'invalid_union':
      return 'Kies een van de mogelijkheden.';
    case 'too_small':
    case 'too_big':
      return sizeMessage(issue) ?? 'Dit veld heeft niet de goede lengte.';
    case 'invalid_format':
      return formatMessages[issue.format] ?? 'Dit veld heeft niet de goede vorm.';
    case 'unrecognized_keys':
      return 'Dit veld is onbekend.';
    case 'not_multiple_of':
      return 'Dit getal past niet.';
    default:
      return zodDutch.localeError(issue);
  }
};
