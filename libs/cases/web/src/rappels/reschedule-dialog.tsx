import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RappelPlannerItem, RescheduleRappelBody } from '@ketenregie/contracts';
import { rescheduleRappelBodySchema } from '@ketenregie/contracts';
import { amsterdamToday, ApiError, applyProblemToForm, formatDay, rememberCheckpoint, useIdempotencyKey } from '@ketenregie/platform-web';
import {
  Alert,
  ButtonGroup,
  Dialog,
  ErrorSummary,
  Field,
  Paragraph,
  PrimaryActionButton,
  SecondaryActionButton,
  Textarea,
  Textbox,
  useAnnounce,
} from '@ketenregie/ui';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { caseKeys } from '../shared/query-keys';
import type { CommandFailure } from './command-error';
import { commandFailure } from './command-error';
import { t } from './i18n/t';
import { rappelPlannerKeys, rescheduleRappel } from './queries';

type RescheduleForm = { dueOn: string; reason: string };

const fieldIds = { dueOn: 'rappel-reschedule-due-on', reason: 'rappel-reschedule-reason' } as const;

/**
 * "Verplaatsen" for one open rappel: a new day (today or later) and why. The row comes from the
 * latest planner data, so after a 412 the redo goes with the version the list now shows.
 */
export const RescheduleDialog = ({ item, onClose, onMoved }: { item: RappelPlannerItem; onClose: () => void; onMoved: () => void }) => {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const idempotency = useIdempotencyKey();
  const [failure, setFailure] = useState<CommandFailure | null>(null);
  const form = useForm<RescheduleForm>({
    resolver: zodResolver(rescheduleRappelBodySchema),
    defaultValues: { dueOn: item.rappel.dueOn < amsterdamToday() ? amsterdamToday() : item.rappel.dueOn, reason: '' },
  });
  const mutation = useMutation({
    mutationFn: (body: RescheduleRappelBody) =>
      rescheduleRappel({
        caseId: item.caseId,
        rappelId: item.rappel.rappelId,
        version: item.version,
        body,
        idempotencyKey: idempotency.key(),
      }),
    onSuccess: async (result, body) => {
      rememberCheckpoint(result.checkpoint);
      idempotency.renew();
      await queryClient.invalidateQueries({ queryKey: caseKeys.all });
      announce(t('reschedule.saved', { family: item.familyLabel, date: formatDay(body.dueOn, { weekday: true }) }));
      onMoved();
    },
    onError: (error) => {
      const unplaced = applyProblemToForm(error, form.setError, new Set(['dueOn', 'reason']));
      const placedAll = error instanceof ApiError && error.fieldErrors.length > 0 && unplaced.length === 0;
      const next = commandFailure(error);
      setFailure(placedAll ? null : next);
      if (next.kind === 'conflict') {
        idempotency.renew();
        void queryClient.invalidateQueries({ queryKey: rappelPlannerKeys.all });
      }
    },
  });
  const { errors } = form.formState;
  const summary = [
    ...(errors.dueOn?.message ? [{ message: errors.dueOn.message, fieldId: fieldIds.dueOn }] : []),
    ...(errors.reason?.message ? [{ message: errors.reason.message, fieldId: fieldIds.reason }] : []),
  ];
  return (
    <Dialog open title={t('reschedule.title', { family: item.familyLabel })} onClose={onClose}>
      <form
        noValidate
        onSubmit={(event) =>
          void form.handleSubmit((body) => {
            setFailure(null);
            mutation.mutate(body);
          })(event)
        }
      >
        <Paragraph>{t('reschedule.about', { date: formatDay(item.rappel.dueOn, { weekday: true }) })}</Paragraph>
        {failure?.kind === 'conflict' ? (
          <Alert type="warning">
            <Paragraph>
              <strong>{t('errors.conflict')}</strong> {t('errors.conflictHint')}
            </Paragraph>
          </Alert>
        ) : null}
        {failure?.kind === 'message' ? (
          <Alert type="error">
            <Paragraph>{failure.text}</Paragraph>
          </Alert>
        ) : null}
        <ErrorSummary items={summary} title={t('errors.summary')} />
        <Field id={fieldIds.dueOn} label={t('reschedule.dueOn')} description={t('reschedule.dueOnHint')} error={errors.dueOn?.message}>
          {(control) => <Textbox {...control} type="date" min={amsterdamToday()} {...form.register('dueOn')} />}
        </Field>
        <Field id={fieldIds.reason} label={t('reschedule.reason')} error={errors.reason?.message}>
          {(control) => <Textarea {...control} rows={3} {...form.register('reason')} />}
        </Field>
        <ButtonGroup>
          <PrimaryActionButton type="submit" busy={mutation.isPending} aria-disabled={mutation.isPending || undefined}>
            {failure?.kind === 'conflict' ? t('errors.redo') : t('reschedule.save')}
          </PrimaryActionButton>
          <SecondaryActionButton type="button" onClick={onClose}>
            {t('outcome.cancel')}
          </SecondaryActionButton>
        </ButtonGroup>
      </form>
    </Dialog>
  );
};
