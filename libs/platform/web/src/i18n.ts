// The module alone: the contracts' schemas stay out of the first load.
import { isolateDirection } from '@ketenregie/contracts/text-direction';

export type Locale = 'nl' | 'en';

const storageKey = 'ketenregie.locale';

/** BCP 47 tags for `Intl`, so numbers and dates follow the UI language. */
export const localeTags: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB' };

// Dutch first: the professionals using this work in Dutch; English is the second language.
const readLocale = (): Locale => {
  try {
    return globalThis.localStorage?.getItem(storageKey) === 'en' ? 'en' : 'nl';
  } catch {
    return 'nl';
  }
};

let locale: Locale = readLocale();

export const currentLocale = (): Locale => locale;

/**
 * Switches the UI language. The page reloads: every text is read at render time, and a reload is the
 * one way to be sure no text stays in the old language.
 */
export const switchLocale = (next: Locale): void => {
  try {
    globalThis.localStorage?.setItem(storageKey, next);
  } catch {
    // Storage may be off (private mode); the choice then lasts this page only.
  }
  locale = next;
  globalThis.location?.reload();
};

/** For tests and the server-side render of a single page: no storage, no reload. */
export const setLocaleForTests = (next: Locale): void => {
  locale = next;
};

export type Params = Record<string, string | number>;

// A value set into a sentence is often typed text (a name, a municipality): isolated, so a
// right-to-left name or a stray override cannot reorder the words and numbers around it.
const interpolate = (text: string, params?: Params): string =>
  params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? isolateDirection(String(params[name])) : whole)) : text;

/**
 * A translator over one library's dictionaries. Dutch is the source: its keys are the set English
 * must provide, checked by the compiler. `{name}` in a text is filled from `params`.
 */
export const createTranslator =
  <K extends string>(dictionaries: { nl: Record<K, string>; en: Record<K, string> }) =>
  (key: K, params?: Params): string =>
    interpolate(dictionaries[locale][key], params);

const zone = 'Europe/Amsterdam';

const formatter = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(localeTags[locale], { timeZone: zone, ...options });

const parse = (iso: string): Date | undefined => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
};

/** "12 maart 2026" for an instant, in Amsterdam time. */
export const formatDate = (iso: string): string => {
  const date = parse(iso);
  return date ? formatter({ day: 'numeric', month: 'long', year: 'numeric' }).format(date) : iso;
};

/** "14.05 uur" (Dutch) or "14:05" (English), in Amsterdam time. */
export const formatTime = (iso: string): string => {
  const date = parse(iso);
  if (!date) return iso;
  const parts = formatter({ hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(date);
  const hour = parts.find((part) => part.type === 'hour')?.value ?? '';
  const minute = parts.find((part) => part.type === 'minute')?.value ?? '';
  return locale === 'nl' ? `${hour}.${minute} uur` : `${hour}:${minute}`;
};

/** "12 maart 2026, 14.05 uur". */
export const formatDateTime = (iso: string): string => (parse(iso) ? `${formatDate(iso)}, ${formatTime(iso)}` : iso);

/**
 * A calendar day (`2026-03-12`, no time zone) as "12 maart 2026", or "do 12 maart 2026" with the
 * weekday. Read at noon UTC so no zone can move it to another day.
 */
export const formatDay = (day: string, options: { weekday?: boolean } = {}): string => {
  const date = parse(`${day}T12:00:00Z`);
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  return formatter({ day: 'numeric', month: 'long', year: 'numeric', ...(options.weekday ? { weekday: 'short' } : {}) }).format(date);
};

/** Today in Amsterdam as `YYYY-MM-DD`. */
export const amsterdamToday = (now: Date = new Date()): string => {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return parts;
};

export const formatNumber = (value: number): string => new Intl.NumberFormat(localeTags[locale]).format(value);
