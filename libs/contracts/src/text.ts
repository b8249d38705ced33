import { z } from 'zod';
import { invalidMailboxAddressMessage, isMailboxAddress } from '@ketenregie/kernel';

// The one rule for text the API accepts: PostgreSQL (UTF-8) must be able to store it. Measured on
// PostgreSQL 18 (apps/api/src/http/storable-text.int-spec.ts): U+0000 is refused in `text`
// (22021) and in `jsonb` (22P05); a lone UTF-16 surrogate has no UTF-8 form, so `jsonb` refuses
// it (22P02) and a `text` parameter silently becomes U+FFFD. Every other code point round-trips,
// noncharacters such as U+FFFE and U+FFFF included. Text that a read model cannot store stops that
// read model for every case after it, so such text is refused where it enters, as a 400.

const hasSurrogate = /[\uD800-\uDFFF]/;

/** The first code unit PostgreSQL could not store, or undefined when all of the text is storable. */
export const unstorableCodeUnit = (value: string): number | undefined => {
  // Most text has neither; the walk below (no look-behind, which older browsers running the web
  // client's copy of these schemas cannot parse) is only for text that does.
  if (!value.includes('\u0000') && !hasSurrogate.test(value)) return undefined;
  for (let index = 0; index < value.length; index++) {
    const unit = value.charCodeAt(index);
    if (unit === 0) return unit;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index++;
      else return unit;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) return unit;
  }
  return undefined;
};

export const isStorableText = (value: string): boolean => unstorableCodeUnit(value) === undefined;

/** The `code` of a field error for such text, the same wherever it was found. */
export const unstorableTextCode = 'unstorable_text';

const hex = (codeUnit: number): string => codeUnit.toString(16).toUpperCase().padStart(4, '0');

/** Names the character by its code point only: the value itself is never echoed. */
export const unstorableTextMessage = (codeUnit: number): string => `Bevat een teken dat niet kan worden opgeslagen (U+${hex(codeUnit)}).`;

const unstorableKeyMessage = (codeUnit: number): string =>
  `Een veldnaam bevat een teken dat niet kan worden opgeslagen (U+${hex(codeUnit)}).`;

/** The `code` of the error for input nested deeper than any request of this API is (`maxInputDepth`). */
export const tooDeepCode = 'too_deep';

/**
 * The deepest any request's JSON goes is 5 levels (an intake's member's name); 32 leaves room. A
 * value nested thousands deep would otherwise exhaust the stack of every walk over it, this one
 * first, and answer 500 to anyone, signed in or not.
 */
export const maxInputDepth = 32;

export type UnstorableTextError = { path: string; message: string; code: typeof unstorableTextCode | typeof tooDeepCode };

const maxReported = 20;

/**
 * Every string in a parsed JSON value, query or set of path parameters that PostgreSQL could not
 * store, keys included, each at its field path (`prefix` first when given, e.g. `query`), and any
 * value nested deeper than `maxInputDepth`, reported once where it goes too deep. A key
 * that cannot be stored is reported at the object that holds it, so the answer does not repeat it.
 * At most 20: enough for a form, and a hostile body cannot make the answer large.
 */
export const unstorableTextErrors = (value: unknown, prefix?: string): UnstorableTextError[] => {
  const errors: UnstorableTextError[] = [];
  const visit = (node: unknown, path: readonly string[]): void => {
    if (errors.length >= maxReported) return;
    if (path.length > maxInputDepth + (prefix === undefined ? 0 : 1)) {
      errors.push({ path: path.join('.'), message: `Te diep genest: hoogstens ${maxInputDepth} niveaus.`, code: tooDeepCode });
      return;
    }
    if (typeof node === 'string') {
      const codeUnit = unstorableCodeUnit(node);
      if (codeUnit !== undefined) errors.push({ path: path.join('.'), message: unstorableTextMessage(codeUnit), code: unstorableTextCode });
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, child] of Object.entries(node)) {
      const keyCodeUnit = unstorableCodeUnit(key);
      if (keyCodeUnit !== undefined) {
        if (errors.length < maxReported)
          errors.push({ path: path.join('.'), message: unstorableKeyMessage(keyCodeUnit), code: unstorableTextCode });
        continue;
      }
      visit(child, [...path, key]);
    }
  };
  visit(value, prefix === undefined ? [] : [prefix]);
  return errors;
};

/** The field error code of a zod issue: this rule's own code rather than zod's generic `custom`. */
export const issueCode = (issue: z.core.$ZodIssue): string => {
  const code: unknown = issue.code === 'custom' ? issue.params?.['code'] : undefined;
  return typeof code === 'string' ? code : issue.code;
};

/**
 * The rule as a zod check, for a string schema not made by `storableString` (a format such as
 * `z.iso.datetime()`): `z.iso.datetime().check(unstorableTextCheck)`.
 */
export const unstorableTextCheck = (payload: z.core.ParsePayload<string>): void => {
  const codeUnit = unstorableCodeUnit(payload.value);
  if (codeUnit === undefined) return;
  payload.issues.push({
    code: 'custom',
    message: unstorableTextMessage(codeUnit),
    input: payload.value,
    params: { code: unstorableTextCode },
  });
};

/**
 * Every string the API reads is built on this: a zod string that refuses what PostgreSQL cannot
 * store. Further checks (length, pattern) chain on it as on `z.string()`.
 */
export const storableString = (params?: Parameters<typeof z.string>[0]) => z.string(params).check(unstorableTextCheck);

// ---------------------------------------------------------------- builders of request fields

export const requiredMessage = 'Dit veld is verplicht.';

/** Non-empty text; the domain trims and checks again, so whitespace-only is its 422, not ours. */
export const text = (max = 2_000) =>
  storableString({ error: requiredMessage })
    .min(1, { error: requiredMessage })
    .max(max, { error: `Maximaal ${max} tekens.` });

export const optionalText = (max = 2_000) =>
  storableString()
    .max(max, { error: `Maximaal ${max} tekens.` })
    .optional();

export const invalidEmailCode = 'invalid_email';

const emailCheck = (payload: z.core.ParsePayload<string>): void => {
  const address = payload.value.trim();
  // Empty is no address (the domain drops it); unstorable text already has its own issue.
  if (address === '' || isMailboxAddress(address) || !isStorableText(address)) return;
  payload.issues.push({ code: 'custom', message: invalidMailboxAddressMessage, input: payload.value, params: { code: invalidEmailCode } });
};

/**
 * An e-mail address feedback may be sent to, or none: one mailbox (`isMailboxAddress`), spaces
 * around it allowed, as the domain trims them. The web client validates with the same schema, so
 * a second address or a typo is caught at the field before the intake is sent.
 */
export const optionalEmail = () => storableString().max(320, { error: 'Maximaal 320 tekens.' }).check(emailCheck).optional();

/**
 * Client-chosen ids are optional: without one the server derives it from the Idempotency-Key, so a
 * retried request gets the same id and the domain refuses a duplicate instead of recording it twice.
 */
export const optionalId = storableString()
  .min(1, { error: requiredMessage })
  .max(100, { error: 'Maximaal 100 tekens.' })
  .regex(/^[A-Za-z0-9._:-]+$/, { error: 'Alleen letters, cijfers en . _ : - zijn toegestaan.' })
  .optional();
