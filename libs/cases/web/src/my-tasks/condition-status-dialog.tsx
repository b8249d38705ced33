import { zodResolver } from '@hookform/resolvers/zod';
import type { MyTaskCase } from '@ketenregie/contracts';
import { recordSafetyConditionStatusBodySchema } from '@ketenregie/contracts';
import {
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
} from '@ketenregie/ui';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { RowCommandFeedback } from '../case/actions/command-feedback';
import { useServerFieldErrors } from '../case/actions/form-parts';
import { useCaseCommand } from '../case/actions/use-case-command';
import { t } from './i18n/t';
import { conditionStatusPath, myTasksKey } from './queries';

type Condition = MyTaskCase['safetyConditions'][number];

const statuses = ['met', 'not-met'] as const;

// The API's body schema with Dutch words for the choice instead of its code values.
const statusFormSchema = recordSafetyConditionStatusBodySchema.extend({
  status: z.enum(statuses, { error: () => t('status.choose') }),
  notes: z.string().max(10_000, { error: () => t('status.notesTooLong') }),
});

type StatusForm = z.infer<typeof statusFormSchema>;

const fields: ReadonlySet<string> = new Set(['status', 'notes']);
const refresh = [myTasksKey];

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
  const form = useForm<StatusForm>({ resolver: zodResolver(statusFormSchema), defaultValues: { notes: '' } });
  const command = useCaseCommand(task, undefined, () => onClose(true), {
    refresh,
    announcement: (_, request) => t('status.saved', { status: t(`tasks.status.${(request.body as StatusForm).status}`) }),
  });
  useServerFieldErrors(command, form, fields);
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
          void form.handleSubmit((body) => command.send({ path: conditionStatusPath(task.caseId, condition.conditionId), body }))(event)
        }
      >
        <Paragraph>{t('status.about', { condition: condition.text })}</Paragraph>
        <RowCommandFeedback
          command={command}
          fields={fields}
          conflict={
            <>
              <strong>{t('errors.conflict')}</strong> {t('errors.conflictHint')}
            </>
          }
        />
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
          <PrimaryActionButton type="submit" busy={command.pending} aria-disabled={command.pending || undefined}>
            {command.conflict ? t('errors.redo') : t('status.save')}
          </PrimaryActionButton>
          <SecondaryActionButton type="button" onClick={() => onClose(false)}>
            {t('status.cancel')}
          </SecondaryActionButton>
        </ButtonGroup>
      </form>
    </Dialog>
  );
};
