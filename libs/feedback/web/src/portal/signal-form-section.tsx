import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, applyProblemToForm, sessionQueryOptions, useIdempotencyKey } from '@ketenregie/platform-web';
import {
  Alert,
  ErrorSummary,
  Field,
  Fieldset,
  FieldsetLegend,
  Heading2,
  Paragraph,
  PrimaryActionButton,
  RadioButton,
  Textarea,
  useAnnounce,
} from '@ketenregie/ui';
import { useRef, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { portalSignalMutationOptions } from './api/portal-signals';
import { t } from './i18n/t';
import type { SignalForm } from './signal-form';
import { reasonCounter, signalFormSchema, signalKinds } from './signal-form';

const fieldIds = { kind: `signal-kind-${signalKinds[0]}`, reason: 'signal-reason' } as const;

/** What the user reads when the signal did not go out; their text stays in the form. */
const failureText = (error: unknown, signedIn: boolean): string | null => {
  if (!(error instanceof ApiError)) return t('errors.network');
  // A signed-in referrer gets the sign-in dialog over the page; a link session that ran out cannot be renewed here.
  if (error.status === 401) return signedIn ? null : t('errors.expired');
  if (error.status >= 500) return t('errors.server', { code: String(error.status) });
  return error.problem?.detail ?? t('errors.server', { code: String(error.status) });
};

/** "De hulp stagneert" or "Nieuwe zorgen", with a short explanation, to the case's current director. */
export const SignalFormSection = ({ reportId }: { reportId: string }) => {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const idempotency = useIdempotencyKey();
  const { data: session } = useQuery(sessionQueryOptions());
  const [failure, setFailure] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  // The body the current key was used for: a changed text is another action, with a key of its own.
  const sentBody = useRef<string | null>(null);
  // The error summary takes focus and links to each field; the form does not move it to a field first.
  const form = useForm<SignalForm>({ resolver: zodResolver(signalFormSchema), defaultValues: { reason: '' }, shouldFocusError: false });
  const reason = useWatch({ control: form.control, name: 'reason' }) ?? '';
  const counter = reasonCounter(reason);
  const mutation = useMutation(portalSignalMutationOptions(queryClient, reportId));
  const { errors } = form.formState;
  const summary = [
    ...(errors.kind?.message ? [{ message: errors.kind.message, fieldId: fieldIds.kind }] : []),
    ...(errors.reason?.message ? [{ message: errors.reason.message, fieldId: fieldIds.reason }] : []),
  ];
  const submit = form.handleSubmit((body) => {
    setFailure(null);
    setSent(false);
    const asSent = JSON.stringify(body);
    if (sentBody.current !== null && sentBody.current !== asSent) idempotency.renew();
    sentBody.current = asSent;
    mutation.mutate(
      { body, idempotencyKey: idempotency.key() },
      {
        // After the report is read again, so the new signal is on the page when this is said.
        onSuccess: () => {
          idempotency.renew();
          sentBody.current = null;
          // Both the choice and the text: the next signal is a new one.
          form.reset();
          setSent(true);
          announce(t('signal.sent'));
        },
        onError: (error) => {
          const unplaced = applyProblemToForm(error, form.setError, new Set(['kind', 'reason']));
          const placedAll = error instanceof ApiError && error.fieldErrors.length > 0 && unplaced.length === 0;
          setFailure(placedAll ? null : failureText(error, Boolean(session)));
        },
      },
    );
  });
  return (
    <section aria-labelledby="signal-title" className="ketenregie-surface ketenregie-portal-signal-form">
      <Heading2 id="signal-title">{t('signal.title')}</Heading2>
      <Paragraph>{t('signal.intro')}</Paragraph>
      {sent ? (
        <Alert type="ok" data-testid="signal-sent">
          <Paragraph>{t('signal.sent')}</Paragraph>
        </Alert>
      ) : null}
      {failure ? (
        <Alert type="error">
          <Paragraph>{failure}</Paragraph>
        </Alert>
      ) : null}
      <form noValidate aria-labelledby="signal-title" onSubmit={(event) => void submit(event)}>
        <ErrorSummary items={summary} title={t('signal.errors')} />
        <Fieldset invalid={Boolean(errors.kind)} aria-describedby={errors.kind ? 'signal-kind-error' : undefined}>
          <FieldsetLegend>{t('signal.kind')}</FieldsetLegend>
          {errors.kind?.message ? (
            <p id="signal-kind-error" className="utrecht-form-field-error-message">
              {errors.kind.message}
            </p>
          ) : null}
          {signalKinds.map((kind) => (
            <div key={kind} className="utrecht-form-field utrecht-form-field--radio ketenregie-radio">
              <RadioButton id={`signal-kind-${kind}`} value={kind} invalid={Boolean(errors.kind)} {...form.register('kind')} />
              <label className="utrecht-form-label utrecht-form-label--radio" htmlFor={`signal-kind-${kind}`}>
                {t(`signal.kind.${kind}`)}
              </label>
            </div>
          ))}
        </Fieldset>
        <Field
          id={fieldIds.reason}
          label={t('signal.reason')}
          description={
            <>
              {t('signal.reasonHint')}{' '}
              <span className={counter.over ? 'ketenregie-portal-counter ketenregie-portal-counter--over' : 'ketenregie-portal-counter'}>
                {counter.text}
              </span>
            </>
          }
          error={errors.reason?.message}
        >
          {(control) => <Textarea {...control} rows={5} {...form.register('reason')} />}
        </Field>
        <PrimaryActionButton type="submit" busy={mutation.isPending} aria-disabled={mutation.isPending || undefined}>
          {t('signal.send')}
        </PrimaryActionButton>
      </form>
    </section>
  );
};
