import type { EmergencyAccessBody } from '@ketenregie/contracts';
import { emergencyAccessBodySchema } from '@ketenregie/contracts';
import { ApiError, applyProblemToForm, formatDate, formatTime, amsterdamToday } from '@ketenregie/platform-web';
import {
  Alert,
  ButtonGroup,
  Dialog,
  Field,
  Paragraph,
  PrimaryActionButton,
  SecondaryActionButton,
  Textarea,
  useAnnounce,
} from '@ketenregie/ui';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { caseKeys } from '../shared/query-keys';
import { t } from './i18n/t';
import { requestEmergencyAccess } from './queries';

/** "18.30 uur", or with the date when the grant runs past today. */
export const grantUntil = (expiresAt: string, now: Date = new Date()): string =>
  amsterdamToday(new Date(expiresAt)) === amsterdamToday(now)
    ? formatTime(expiresAt)
    : `${formatDate(expiresAt)}, ${formatTime(expiresAt)}`;

const failure = (error: unknown): string | undefined => {
  if (!(error instanceof ApiError)) return t('emergency.failed', { code: 'netwerk' });
  if (error.status === 422 && error.fieldErrors.length > 0) return undefined;
  if (error.status >= 500) return t('emergency.failed', { code: error.status });
  return error.problem?.detail ?? t('emergency.failed', { code: error.status });
};

/**
 * Break-the-glass for a Veilig Thuis professional who finds no case: a reason (judged by the server,
 * shown at the field when it does not suffice), confirmed in a dialog that says it is logged and reviewed.
 */
export const EmergencyAccessRequest = ({ caseId }: { caseId: string }) => {
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const form = useForm<EmergencyAccessBody>({ resolver: zodResolver(emergencyAccessBodySchema), defaultValues: { reason: '' } });
  const mutation = useMutation({
    mutationFn: (body: EmergencyAccessBody) => requestEmergencyAccess(caseId, body),
    onSuccess: async (grant) => {
      announce(t('emergency.granted', { until: grantUntil(grant.expiresAt) }));
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: caseKeys.case(caseId) });
    },
    onError: (error) => applyProblemToForm(error, form.setError, new Set(['reason'])),
  });
  const refusal = mutation.isError ? failure(mutation.error) : undefined;
  return (
    <>
      <PrimaryActionButton type="button" onClick={() => setOpen(true)}>
        {t('emergency.request')}
      </PrimaryActionButton>
      <Dialog open={open} title={t('emergency.request')} role="alertdialog" onClose={() => setOpen(false)}>
        <form
          noValidate
          onSubmit={form.handleSubmit((body) => {
            if (!mutation.isPending) mutation.mutate(body);
          })}
        >
          <Paragraph>{t('emergency.intro')}</Paragraph>
          <Paragraph>{t('emergency.logged')}</Paragraph>
          {refusal ? (
            <Alert type="error">
              <Paragraph>{refusal}</Paragraph>
            </Alert>
          ) : null}
          <Field
            id="emergency-reason"
            label={t('emergency.reason')}
            description={t('emergency.reasonHint')}
            error={form.formState.errors.reason?.message}
          >
            {(control) => <Textarea {...control} rows={4} {...form.register('reason')} />}
          </Field>
          <ButtonGroup>
            <PrimaryActionButton type="submit" busy={mutation.isPending} aria-disabled={mutation.isPending || undefined}>
              {mutation.isPending ? t('emergency.busy') : t('emergency.confirm')}
            </PrimaryActionButton>
            <SecondaryActionButton type="button" onClick={() => setOpen(false)}>
              {t('emergency.cancel')}
            </SecondaryActionButton>
          </ButtonGroup>
        </form>
      </Dialog>
    </>
  );
};
