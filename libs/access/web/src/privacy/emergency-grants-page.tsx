import type { EmergencyGrantReviewOutcome, EmergencyGrantView } from '@ketenregie/contracts';
import { reviewEmergencyGrantBodySchema } from '@ketenregie/contracts';
import { ApiError, formatDateTime, useIdempotencyKey, usePageTitle } from '@ketenregie/platform-web';
import {
  Alert,
  Dialog,
  Field,
  Fieldset,
  FieldsetLegend,
  Heading1,
  Paragraph,
  PrimaryActionButton,
  RadioButton,
  SecondaryActionButton,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  useAnnounce,
} from '@ketenregie/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { t } from '../i18n/t';
import { paramsFor, emptyFilters } from './access-log-filters';
import { LoadError } from './load-error';
import { emergencyGrantsQueryOptions, grantsPageSize, privacyKeys, reviewEmergencyGrant } from './queries';

const outcomeLabel = (outcome: EmergencyGrantReviewOutcome | null): string =>
  outcome === 'unjustified' ? t('grants.unjustified') : t('grants.justified');

type ReviewErrors = { outcome?: string; note?: string; form?: string };

const refusal = (error: unknown): string => {
  if (error instanceof ApiError && error.status < 500 && error.problem?.detail) return error.problem.detail;
  return t('grants.failed', { code: error instanceof ApiError ? error.status : 'netwerk' });
};

/** The verdict, confirmed in a dialog: a review cannot be taken back. */
const ReviewDialog = ({ grant, open, onClose }: { grant: EmergencyGrantView; open: boolean; onClose: () => void }) => {
  const [outcome, setOutcome] = useState<EmergencyGrantReviewOutcome | undefined>();
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<ReviewErrors>({});
  const idempotency = useIdempotencyKey();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const mutation = useMutation({
    mutationFn: (body: { outcome: EmergencyGrantReviewOutcome; note?: string }) =>
      reviewEmergencyGrant(grant.grantId, body, idempotency.key()),
    onSuccess: () => {
      idempotency.renew();
      void queryClient.invalidateQueries({ queryKey: privacyKeys.all });
      announce(t('grants.saved'));
      onClose();
    },
    onError: (error) => {
      const fieldErrors = error instanceof ApiError ? error.fieldErrors : [];
      const note = fieldErrors.find((item) => item.path.endsWith('note'))?.message;
      setErrors({ ...(note ? { note } : {}), form: refusal(error) });
      // Someone else reviewed it meanwhile: the list shows the verdict that stands.
      if (error instanceof ApiError && error.status === 409) void queryClient.invalidateQueries({ queryKey: privacyKeys.all });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!outcome) {
      setErrors({ outcome: t('grants.chooseOutcome') });
      return;
    }
    const body = { outcome, ...(note.trim() ? { note } : {}) };
    const parsed = reviewEmergencyGrantBodySchema.safeParse(body);
    if (!parsed.success) {
      setErrors({ note: parsed.error.issues.find((issue) => issue.path[0] === 'note')?.message });
      return;
    }
    setErrors({});
    if (!mutation.isPending) mutation.mutate(body);
  };
  return (
    <Dialog open={open} title={t('grants.dialogTitle')} onClose={onClose} role="alertdialog">
      <form noValidate onSubmit={submit} className="ketenregie-stack">
        <Paragraph>{t('grants.dialogIntro', { user: grant.displayName ?? grant.userId, caseId: grant.caseId })}</Paragraph>
        <Paragraph className="ketenregie-reason">{grant.reason}</Paragraph>
        {errors.form ? (
          <Alert type="error">
            <Paragraph>{errors.form}</Paragraph>
          </Alert>
        ) : null}
        <Fieldset invalid={Boolean(errors.outcome)} aria-describedby={errors.outcome ? 'review-outcome-error' : undefined}>
          <FieldsetLegend>{t('grants.outcome')}</FieldsetLegend>
          {errors.outcome ? (
            <Paragraph id="review-outcome-error" className="utrecht-form-field-error-message">
              {errors.outcome}
            </Paragraph>
          ) : null}
          {(['justified', 'unjustified'] as const).map((value) => (
            <div key={value} className="ketenregie-field">
              <label htmlFor={`review-outcome-${value}`} className="ketenregie-checkbox-label">
                <RadioButton
                  id={`review-outcome-${value}`}
                  name="outcome"
                  value={value}
                  checked={outcome === value}
                  onChange={() => setOutcome(value)}
                />
                {outcomeLabel(value)}
              </label>
            </div>
          ))}
        </Fieldset>
        <Field
          id="review-note"
          label={t('grants.note')}
          optional={outcome !== 'unjustified'}
          description={t('grants.noteHint')}
          error={errors.note}
        >
          {(control) => <Textarea {...control} value={note} onChange={(event) => setNote(event.target.value)} rows={3} />}
        </Field>
        <div className="ketenregie-pager">
          <PrimaryActionButton type="submit" busy={mutation.isPending} aria-disabled={mutation.isPending || undefined}>
            {mutation.isPending ? t('grants.confirmBusy') : t('grants.confirm')}
          </PrimaryActionButton>
          <SecondaryActionButton type="button" onClick={onClose}>
            {t('grants.cancel')}
          </SecondaryActionButton>
        </div>
      </form>
    </Dialog>
  );
};

const GrantRow = ({ grant, onReview }: { grant: EmergencyGrantView; onReview: (grant: EmergencyGrantView) => void }) => (
  <TableRow>
    <TableHeaderCell scope="row">
      {grant.displayName ?? grant.userId} · {grant.organisationId}
    </TableHeaderCell>
    <TableCell data-label={t('grants.case')}>
      <span className="ketenregie-code">{grant.caseId}</span>
      <br />
      <Link
        to={`/toegangslog?${paramsFor({ ...emptyFilters, caseId: grant.caseId }, 1).toString()}`}
        aria-label={t('grants.inLogLabel', { caseId: grant.caseId })}
      >
        {t('grants.inLog')}
      </Link>
    </TableCell>
    <TableCell data-label={t('grants.reason')} className="ketenregie-reason">
      {grant.reason}
    </TableCell>
    <TableCell data-label={t('grants.period')}>
      {t('grants.periodValue', { from: formatDateTime(grant.grantedAt), until: formatDateTime(grant.expiresAt) })}
    </TableCell>
    <TableCell data-label={t('grants.review')}>
      {grant.review ? (
        <>
          {t('grants.reviewedBy', {
            outcome: outcomeLabel(grant.review.outcome),
            user: grant.review.reviewedByName ?? grant.review.reviewedBy,
            at: formatDateTime(grant.review.reviewedAt),
          })}
          {grant.review.note ? <span className="ketenregie-reason"> {grant.review.note}</span> : null}
        </>
      ) : (
        <SecondaryActionButton
          type="button"
          aria-label={t('grants.reviewActionLabel', { user: grant.displayName ?? grant.userId })}
          onClick={() => onReview(grant)}
        >
          {t('grants.reviewAction')}
        </SecondaryActionButton>
      )}
    </TableCell>
  </TableRow>
);

export const EmergencyGrantsPage = () => {
  usePageTitle(t('grants.title'));
  const [params] = useSearchParams();
  const reviewed = params.get('stand') === 'beoordeeld';
  const page = Math.max(1, Number.parseInt(params.get('pagina') ?? '1', 10) || 1);
  const { data, error, isPending, isFetching, refetch } = useQuery(emergencyGrantsQueryOptions(reviewed, page));
  // The grant stays after closing, so the dialog closes itself and focus goes back to its button.
  const [reviewing, setReviewing] = useState<{ grant: EmergencyGrantView; open: boolean } | undefined>();
  const caption = reviewed ? t('grants.captionReviewed') : t('grants.caption');
  const pages = data ? Math.max(1, Math.ceil(data.total / grantsPageSize)) : 1;
  const at = (next: number) => `?${new URLSearchParams({ ...(reviewed ? { stand: 'beoordeeld' } : {}), pagina: String(next) }).toString()}`;
  return (
    <div className="ketenregie-stack">
      <Heading1>{t('grants.title')}</Heading1>
      <Paragraph>{t('grants.intro')}</Paragraph>
      <nav aria-label={t('grants.tabs')}>
        <ul className="ketenregie-tab-links">
          <li>
            <Link to="/noodtoegang" aria-current={reviewed ? undefined : 'page'}>
              {t('grants.open')}
            </Link>
          </li>
          <li>
            <Link to="/noodtoegang?stand=beoordeeld" aria-current={reviewed ? 'page' : undefined}>
              {t('grants.reviewed')}
            </Link>
          </li>
        </ul>
      </nav>
      {error && !data ? <LoadError error={error} busy={isFetching} onRetry={() => void refetch()} /> : null}
      <div className="ketenregie-table-container" aria-busy={isPending || undefined}>
        <Table className="ketenregie-responsive-table">
          <TableCaption>{caption}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('grants.who')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('grants.case')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('grants.reason')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('grants.period')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('grants.review')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {isPending ? (
              <TableRow>
                <TableCell colSpan={5}>{t('grants.loading')}</TableCell>
              </TableRow>
            ) : null}
            {data && data.items.length === 0 ? (
              <TableRow>
                <TableCell colSpan={5}>{reviewed ? t('grants.emptyReviewed') : t('grants.emptyOpen')}</TableCell>
              </TableRow>
            ) : null}
            {data?.items.map((grant) => (
              <GrantRow key={grant.grantId} grant={grant} onReview={(grant) => setReviewing({ grant, open: true })} />
            ))}
          </TableBody>
        </Table>
      </div>
      {data && pages > 1 ? (
        <nav className="ketenregie-pager" aria-label={caption}>
          {page > 1 ? <Link to={at(page - 1)}>{t('grants.previous', { count: grantsPageSize })}</Link> : null}
          <span>{t('grants.pageOf', { page, pages })}</span>
          {page < pages ? <Link to={at(page + 1)}>{t('grants.next', { count: grantsPageSize })}</Link> : null}
        </nav>
      ) : null}
      {reviewing ? (
        <ReviewDialog
          key={reviewing.grant.grantId}
          grant={reviewing.grant}
          open={reviewing.open}
          onClose={() => setReviewing({ ...reviewing, open: false })}
        />
      ) : null}
    </div>
  );
};
