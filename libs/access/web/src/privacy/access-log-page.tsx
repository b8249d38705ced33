import type { AccessLogEntryView, AccessLogQuery } from '@ketenregie/contracts';
import { ApiError, formatDateTime, usePageTitle } from '@ketenregie/platform-web';
import {
  Alert,
  Checkbox,
  ErrorSummary,
  Field,
  Heading1,
  Heading2,
  Paragraph,
  PrimaryActionButton,
  SecondaryActionButton,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textbox,
  useAnnounce,
} from '@ketenregie/ui';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { t } from '../i18n/t';
import type { AccessLogFilters, FilterErrors } from './access-log-filters';
import { emptyFilters, filtersFromParams, pageFromParams, paramsFor, toAccessLogQuery } from './access-log-filters';
import { actorLabel, handlingLabel, legalBasisLabel } from './labels';
import { LoadError } from './load-error';
import { accessLogQueryOptions, exportFamilyAccessLog } from './queries';

const fieldIds: Record<keyof AccessLogFilters, string> = {
  familyId: 'log-family',
  caseId: 'log-case',
  userId: 'log-user',
  from: 'log-from',
  to: 'log-to',
  emergency: 'log-emergency',
};

/** Saves the export as a file: the family receives it through the officer, not through this app. */
const download = (name: string, content: string): void => {
  const url = URL.createObjectURL(new Blob([content], { type: 'application/json' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
};

type FilterFormProps = { initial: AccessLogFilters; initialErrors: FilterErrors; onSearch: (filters: AccessLogFilters) => void };

const FilterForm = ({ initial, initialErrors, onSearch }: FilterFormProps) => {
  const [filters, setFilters] = useState(initial);
  const [errors, setErrors] = useState<FilterErrors>(initialErrors);
  const text = (key: Exclude<keyof AccessLogFilters, 'emergency'>) => ({
    value: filters[key],
    onChange: (event: { target: { value: string } }) => setFilters((current) => ({ ...current, [key]: event.target.value })),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = toAccessLogQuery(filters, 1);
    setErrors(result.ok ? {} : result.errors);
    if (result.ok) onSearch(filters);
  };
  const summary = (Object.entries(errors) as [keyof AccessLogFilters, string][]).map(([key, message]) => ({
    message,
    fieldId: fieldIds[key],
  }));
  return (
    <form noValidate onSubmit={submit} aria-labelledby="log-filters-title" className="ketenregie-surface">
      <Heading2 id="log-filters-title">{t('log.filters')}</Heading2>
      <ErrorSummary items={summary} title={t('log.fixErrors')} />
      <div className="ketenregie-filters">
        <Field id={fieldIds.familyId} label={t('log.family')} optional description={t('log.familyHint')} error={errors.familyId}>
          {(control) => <Textbox {...control} {...text('familyId')} spellCheck={false} />}
        </Field>
        <Field id={fieldIds.caseId} label={t('log.case')} optional description={t('log.caseHint')} error={errors.caseId}>
          {(control) => <Textbox {...control} {...text('caseId')} spellCheck={false} />}
        </Field>
        <Field id={fieldIds.userId} label={t('log.user')} optional description={t('log.userHint')} error={errors.userId}>
          {(control) => <Textbox {...control} {...text('userId')} spellCheck={false} />}
        </Field>
        <Field id={fieldIds.from} label={t('log.from')} optional error={errors.from}>
          {(control) => <Textbox {...control} type="date" {...text('from')} />}
        </Field>
        <Field id={fieldIds.to} label={t('log.to')} optional error={errors.to}>
          {(control) => <Textbox {...control} type="date" {...text('to')} />}
        </Field>
        <div className="ketenregie-field ketenregie-filters__actions">
          <label htmlFor={fieldIds.emergency} className="ketenregie-checkbox-label">
            <Checkbox
              id={fieldIds.emergency}
              checked={filters.emergency}
              onChange={(event) => setFilters((current) => ({ ...current, emergency: event.target.checked }))}
            />{' '}
            {t('log.emergencyOnly')}
          </label>
        </div>
        <div className="ketenregie-filters__actions ketenregie-pager">
          <PrimaryActionButton type="submit">{t('log.search')}</PrimaryActionButton>
          <SecondaryActionButton
            type="button"
            onClick={() => {
              setFilters(emptyFilters);
              setErrors({});
            }}
          >
            {t('log.clear')}
          </SecondaryActionButton>
        </div>
      </div>
    </form>
  );
};

const EntryRow = ({ entry, familyLink }: { entry: AccessLogEntryView; familyLink: (familyId: string) => string }) => (
  <TableRow>
    <TableCell data-label={t('log.at')}>
      <time dateTime={entry.recordedAt}>{formatDateTime(entry.recordedAt)}</time>
    </TableCell>
    <TableCell data-label={t('log.by')}>
      {actorLabel(entry.actor)}
      {/* The account id is what the "Gebruiker" filter takes: shown so it can be copied. */}
      {entry.actor.displayName ? <span className="ketenregie-code ketenregie-account-id">{entry.actor.userId}</span> : null}
    </TableCell>
    <TableCell data-label={t('log.onBehalfOf')}>{entry.onBehalfOf ? actorLabel(entry.onBehalfOf) : t('common.none')}</TableCell>
    <TableCell data-label={t('log.action')}>
      {handlingLabel(entry)}
      {entry.emergency ? (
        <>
          {' '}
          <span className="ketenregie-overdue-badge">{t('log.emergency')}</span>
          {entry.emergencyReason ? <span className="ketenregie-reason"> {entry.emergencyReason}</span> : null}
        </>
      ) : null}
    </TableCell>
    <TableCell data-label={t('log.basis')}>{legalBasisLabel(entry.legalBasis)}</TableCell>
    <TableCell data-label={t('log.subject')}>
      {entry.familyId ? (
        <Link
          to={familyLink(entry.familyId)}
          aria-label={t('log.onlyThisFamilyLabel', { family: entry.familyId })}
          className="ketenregie-code"
        >
          {entry.familyId}
        </Link>
      ) : (
        t('common.none')
      )}
    </TableCell>
  </TableRow>
);

const ExportButton = ({ familyId }: { familyId: string }) => {
  const announce = useAnnounce();
  const mutation = useMutation({
    mutationFn: () => exportFamilyAccessLog(familyId),
    onSuccess: (exported) => {
      download(`toegangslog-gezin-${familyId}.json`, JSON.stringify(exported, null, 2));
      announce(t('log.exportDone', { count: exported.entries.length }));
    },
  });
  return (
    <div className="ketenregie-stack">
      <Paragraph>{t('log.exportHint')}</Paragraph>
      <SecondaryActionButton
        type="button"
        busy={mutation.isPending}
        aria-disabled={mutation.isPending || undefined}
        onClick={() => !mutation.isPending && mutation.mutate()}
      >
        {mutation.isPending ? t('log.exportBusy') : t('log.export')}
      </SecondaryActionButton>
      {mutation.isError ? (
        <Alert type="error">
          <Paragraph>{t('log.exportFailed', { code: mutation.error instanceof ApiError ? mutation.error.status : 'netwerk' })}</Paragraph>
        </Alert>
      ) : null}
    </div>
  );
};

const Results = ({ query, filters, page }: { query: AccessLogQuery; filters: AccessLogFilters; page: number }) => {
  const { data, error, isPending, isFetching, refetch } = useQuery(accessLogQueryOptions(query));
  const at = (next: number) => `?${paramsFor(filters, next).toString()}`;
  const familyLink = (familyId: string) => `?${paramsFor({ ...emptyFilters, familyId }, 1).toString()}`;
  const caption = page > 1 ? t('log.captionPage', { page }) : t('log.caption');
  return (
    <section aria-labelledby="log-results-caption" className="ketenregie-results">
      {query.familyId ? <ExportButton familyId={query.familyId} /> : null}
      {error && !data ? <LoadError error={error} busy={isFetching} onRetry={() => void refetch()} /> : null}
      <div className="ketenregie-table-container" aria-busy={isPending || undefined}>
        <Table className="ketenregie-responsive-table">
          <TableCaption id="log-results-caption">{caption}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('log.at')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('log.by')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('log.onBehalfOf')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('log.action')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('log.basis')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('log.subject')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {isPending ? (
              <TableRow>
                <TableCell colSpan={6}>{t('log.loading')}</TableCell>
              </TableRow>
            ) : null}
            {data && data.items.length === 0 ? (
              <TableRow>
                <TableCell colSpan={6}>{t('log.empty')}</TableCell>
              </TableRow>
            ) : null}
            {data?.items.map((entry) => (
              <EntryRow key={entry.sequence} entry={entry} familyLink={familyLink} />
            ))}
          </TableBody>
        </Table>
      </div>
      {data && (page > 1 || data.hasMore) ? (
        <nav className="ketenregie-pager" aria-label={caption}>
          {page > 1 ? <Link to={at(page - 1)}>{t('log.previous')}</Link> : null}
          {data.hasMore ? <Link to={at(page + 1)}>{t('log.next')}</Link> : null}
        </nav>
      ) : null}
    </section>
  );
};

export const AccessLogPage = () => {
  usePageTitle(t('log.title'));
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const page = pageFromParams(params);
  const checked = page === undefined ? undefined : toAccessLogQuery(filters, page);
  return (
    <div className="ketenregie-stack">
      <Heading1>{t('log.title')}</Heading1>
      <Paragraph>{t('log.intro')}</Paragraph>
      {/* Keyed by the address: a family link or the back button puts its filters in the fields. */}
      <FilterForm
        key={params.toString()}
        initial={filters}
        initialErrors={checked && !checked.ok ? checked.errors : {}}
        onSearch={(next) => setParams(paramsFor(next, 1))}
      />
      {checked?.ok && page !== undefined ? <Results query={checked.query} filters={filters} page={page} /> : null}
      {page === undefined ? <Paragraph>{t('log.startHint')}</Paragraph> : null}
    </div>
  );
};
