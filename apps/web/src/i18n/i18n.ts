import { en } from './en';
import type { MessageKey, Messages } from './nl';
import { nl } from './nl';

export type { MessageKey } from './nl';
export type Locale = 'nl' | 'en';

const dictionaries: Record<Locale, Messages> = { nl, en };

/** BCP 47 tags for `Intl`, so numbers and dates follow the UI language. */
export const localeTags: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB' };

// Dutch first: the professionals using this work in Dutch; English exists for reviewers and tests.
export const defaultLocale: Locale = 'nl';

export const translate = (locale: Locale, key: MessageKey): string => dictionaries[locale][key];

export const t = (key: MessageKey): string => translate(defaultLocale, key);

export const formatNumber = (value: number): string => new Intl.NumberFormat(localeTags[defaultLocale]).format(value);

export const formatDateTime = (iso: string): string => {
  const date = new Date(iso);
  // An unparseable timestamp is shown as sent rather than as "Invalid Date".
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeTags[defaultLocale], { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
};
