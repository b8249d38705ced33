import type { AccessLogQuery } from '@ketenregie/contracts';
import { accessLogQuerySchema } from '@ketenregie/contracts';
import { t } from '../i18n/t';

/** The filters as typed, keyed by the API's names. */
export type AccessLogFilters = {
  familyId: string;
  caseId: string;
  userId: string;
  from: string;
  to: string;
  emergency: boolean;
};

export type FilterErrors = Partial<Record<keyof AccessLogFilters, string>>;

// Dutch words in the address bar: an officer may copy it into a report or a colleague's mail.
const urlNames: Record<Exclude<keyof AccessLogFilters, 'emergency'>, string> = {
  familyId: 'gezin',
  caseId: 'casus',
  userId: 'gebruiker',
  from: 'van',
  to: 'tot',
};

export const emptyFilters: AccessLogFilters = { familyId: '', caseId: '', userId: '', from: '', to: '', emergency: false };

export const filtersFromParams = (params: URLSearchParams): AccessLogFilters => ({
  familyId: params.get(urlNames.familyId) ?? '',
  caseId: params.get(urlNames.caseId) ?? '',
  userId: params.get(urlNames.userId) ?? '',
  from: params.get(urlNames.from) ?? '',
  to: params.get(urlNames.to) ?? '',
  emergency: params.get('nood') === 'ja',
});

/** A search is shown only once asked for: showing log lines logs them too. */
export const pageFromParams = (params: URLSearchParams): number | undefined => {
  const page = Number(params.get('pagina'));
  return Number.isInteger(page) && page >= 1 ? page : undefined;
};

export const paramsFor = (filters: AccessLogFilters, page: number): URLSearchParams => {
  const params = new URLSearchParams();
  for (const [key, name] of Object.entries(urlNames) as [keyof typeof urlNames, string][]) {
    const value = filters[key].trim();
    if (value) params.set(name, value);
  }
  if (filters.emergency) params.set('nood', 'ja');
  params.set('pagina', String(page));
  return params;
};

/** The API's query for these filters, checked by the API's own schema, or the field errors. */
export const toAccessLogQuery = (
  filters: AccessLogFilters,
  page: number,
): { ok: true; query: AccessLogQuery } | { ok: false; errors: FilterErrors } => {
  const raw: Record<string, string> = { page: String(page) };
  for (const key of Object.keys(urlNames) as (keyof typeof urlNames)[]) {
    const value = filters[key].trim();
    if (value) raw[key] = value;
  }
  if (filters.emergency) raw.emergency = 'true';
  const parsed = accessLogQuerySchema.safeParse(raw);
  // The API would answer an empty page; the officer more likely swapped the two dates.
  if (parsed.success && raw.from && raw.to && raw.from.slice(0, 10) > raw.to.slice(0, 10)) {
    return { ok: false, errors: { to: t('log.toBeforeFrom') } };
  }
  if (parsed.success) return { ok: true, query: parsed.data };
  const errors: FilterErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && field in emptyFilters) errors[field as keyof AccessLogFilters] ??= issue.message;
  }
  return { ok: false, errors };
};
