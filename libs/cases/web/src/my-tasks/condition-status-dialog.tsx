import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MyTaskCase } from '@ketenregie/contracts';
import { recordSafetyConditionStatusBodySchema } from '@ketenregie/contracts';
import { ApiError, applyProblemToForm, rememberCheckpoint, useIdempotencyKey } from '@ketenregie/platform-web';
import {
  Alert,
  ButtonGroup,
  Dialog,
  ErrorSummary,
  Field,
  Fieldset,
  FieldsetLegend,
  Paragraph,
  PrimaryActionButton,
  RadioButton,
  SecondaryActionButton,
  Textarea,
  useAnnounce,
} from '@ketenregie/ui';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { caseKeys } from '../shared/query-keys';
import type { CommandFailure } from './command-error';
import { commandFailure } from './command-error';
import { t } from './i18n/t';
import { recordSafetyConditionStatus } from './queries';

type Condition = MyTaskCase['safetyConditions'][number];

const statuses = ['met', 'not-met'] as const;

// The API's body schema with Dutch words for the choice instead of its code values.
const statusFormSchema = recordSafetyConditionStatusBodySchema.extend({
  status: z.enum(statuses, { error: () => t('status.choose') }),
  notes: z.string().max(10_000, { error: () => t('status.notesTooLong') }),
});

type StatusForm = z.infer<typeof statusFormSchema>;

/**
 * "Status doorgeven" on one of the partner's own conditions. The case (and its version) comes from
 * the latest task list, so after a 412 the redo goes with the state now shown; the input stays.
 */
export const ConditionStatusDialog = ({
  task,
  condition,
  onClose,
}: {
  task: MyTaskCase;
  condition: Condition;
  onClose: (saved: boolean) => void;
}) => {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const idempotency = useIdempotencyKey();
  const [failure, setFailure] = useState<CommandFailure | null>(null);
  const form = useForm<StatusForm>({ resolver: zodResolver(statusFormSchema), defaultValues: { notes: '' } });
  const mutation = useMutation({
    mutationFn: (body: StatusForm) =>
      recordSafetyConditionStatus({
        caseId: task.caseId,
        conditionId: condition.conditionId,
        version: task.version,
        body,
        idempotencyKey: idempotency.key(),
      }),
    onSuccess: async (result, body) => {
      rememberCheckpoint(result.checkpoint);
      idempotency.renew();
      await queryClient.invalidateQueries({ queryKey: caseKeys.all });
      announce(t('status.saved', { status: t(`tasks.status.${body.status}`) }));
      onClose(true);
    },
    onError: (error) => {
      const unplaced = applyProblemToForm(error, form.setError, new Set(['status', 'notes']));
      const placedAll = error instanceof ApiError && error.fieldErrors.length > 0 && unplaced.length === 0;
      const next = commandFailure(error);
      setFailure(placedAll ? null : next);
      if (next.kind === 'conflict') {
        idempotency.renew();
        void queryClient.invalidateQueries({ queryKey: caseKeys.all });
      }
    },
  });
  const { errors } = form.formState;
  const summary = [
    ...(errors.status?.message ? [{ message: errors.status.message, fieldId: 'condition-status-met' }] : []),
    ...(errors.notes?.message ? [{ message: errors.notes.message, fieldId: 'condition-status-notes' }] : []),
  ];
  return (
    <Dialog open title={t('status.title')} onClose={() => onClose(false)}>
      <form
        noValidate
        onSubmit={(event) =>
          void form.handleSubmit((body) => {
            setFailure(null);
            mutation.mutate(body);
          })(event)
        }
      >
        <Paragraph>{t('status.about', { condition: condition.text })}</Paragraph>
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
        <Fieldset invalid={Boolean(errors.status)} aria-describedby={errors.status ? 'condition-status-error' : undefined}>
          <FieldsetLegend>{t('status.legend')}</FieldsetLegend>
          {errors.status?.message ? (
            <p id="condition-status-error" className="utrecht-form-field-error-message">
              {errors.status.message}
            </p>
          ) : null}
          {statuses.map((status) => (
            <div key={status} className="utrecht-form-field utrecht-form-field--radio ketenregie-radio">
              <RadioButton id={`condition-status-${status}`} value={status} {...form.register('status')} />
              <label className="utrecht-form-label utrecht-form-label--radio" htmlFor={`condition-status-${status}`}>
                {t(`tasks.status.${status}`)}
              </label>
            </div>
          ))}
        </Fieldset>
        <Field id="condition-status-notes" label={t('status.notes')} optional error={errors.notes?.message}>
          {(control) => <Textarea {...control} rows={3} {...form.register('notes')} />}
        </Field>
        <ButtonGroup>
          <PrimaryActionButton type="submit" busy={mutation.isPending} aria-disabled={mutation.isPending || undefined}>
            {failure?.kind === 'conflict' ? t('errors.redo') : t('status.save')}
          </PrimaryActionButton>
          <SecondaryActionButton type="button" onClick={() => onClose(false)}>
            {t('status.cancel')}
          </SecondaryActionButton>
        </ButtonGroup>
      </form>
    </Dialog>
  );
};
