// The few words the shared components say themselves; every other text comes from the caller's
// i18n. Follows the page's `lang`, which the shell sets to the UI language.
const texts = {
  nl: { optional: '(niet verplicht)', close: 'Sluiten', errorSummaryTitle: 'Controleer de volgende punten' },
  en: { optional: '(optional)', close: 'Close', errorSummaryTitle: 'Please check the following' },
} as const;

export const uiText = (key: keyof (typeof texts)['nl']): string =>
  texts[globalThis.document?.documentElement.lang === 'en' ? 'en' : 'nl'][key];
