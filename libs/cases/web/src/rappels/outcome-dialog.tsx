import { zodResolver } from '@hookform/resolvers/zod';
import type { RappelPlannerItem } from '@ketenregie/contracts';
import { rappelOutcomeInputSchema, recordRappelOutcomeBodySchema } from '@ketenregie/contracts';
import { formatDay } from '@ketenregie/platform-web';
import {
  Alert,
  ButtonGroup,
  Dialog,
  ErrorSummary,
  Field,
  Fieldset,
  FieldsetLegend,
  Heading3,
  Paragraph,
  PrimaryActionButton,
  RadioButton,
  SecondaryActionButton,
  Textarea,
} from '@ketenregie/ui';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { RowCommandFeedback } from '../case/actions/command-feedback';
import { useServerFieldErrors } from '../case/actions/form-parts';
import { useCaseCommand } from '../case/actions/use-case-command';
import { directorLabel } from '../shared/labels';
import { t } from './i18n/t';
import { rappelOutcomePath, rappelPlannerKeys } from './queries';

type Outcome = z.infer<typeof rappelOutcomeInputSchema>;

const outcomes: readonly Outcome[] = rappelOutcomeInputSchema.options;

// The API's own body schema, with Dutch words instead of code values and the domain's rule that
// only "Veilig" may go without notes, so the user hears it before sending.
const outcomeFormSchema = recordRappelOutcomeBodySchema
  .extend({
    outcome: z.enum(outcomes, { error: () => t('outcome.choose') }),
    notes: z.string().max(10_000, { error: () => t('outcome.notesTooLong') }),
  })
  .superRefine((form, context) => {
    if (form.outcome !== 'safe' && form.notes.trim() === '') {
      context.addIssue({ code: 'custom', path: ['notes'], message: t('outcome.notesRequired') });
    }
  });

type OutcomeForm = z.infer<typeof outcomeFormSchema>;

const fieldIds = { outcome: 'rappel-outcome-safe', notes: 'rappel-outcome-notes' } as const;
const fields: ReadonlySet<string> = new Set(['outcome', 'notes']);
const refresh = [rappelPlannerKeys.all];

/**
 * "Uitkomst vastleggen" for one rappel. "Onveilig" asks for confirmation first, because it takes
 * direction back to Veilig Thuis at once. The row (`item`) comes from the latest planner data, so
 * after a 412 the redo uses the case version the list now shows; what the user typed stays.
 */
export const OutcomeDialog = ({
  item,
  onClose,
  onRecorded,
}: {
  item: RappelPlannerItem;
  onClose: () => void;
  onRecorded: (item: RappelPlannerItem) => void;
}) => {
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const form = useForm<OutcomeForm>({
    resolver: zodResolver(outcomeFormSchema),
    defaultValues: { notes: '' },
  });
  const chosen = form.watch('outcome');
  const command = useCaseCommand(item, undefined, () => onRecorded(item), {
    refresh,
    announcement: (result, request) =>
      (request.body as OutcomeForm).outcome === 'unsafe' && result.events.includes('cases.case-escalated')
        ? t('outcome.savedEscalated', { family: item.familyLabel })
        : t('outcome.saved', { family: item.familyLabel }),
  });
  useServerFieldErrors(command, form, fields);
  // Refused or overtaken: back to the form, with the input as it was.
  const answered = Boolean(command.conflict) || Boolean(command.failure);
  useEffect(() => {
    if (answered) setConfirming(false);
  }, [answered, command.failure, command.conflict]);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const submit = form.handleSubmit((body) => {
    if (body.outcome === 'unsafe' && !confirming) {
      setConfirming(true);
      return;
    }
    command.send({ path: rappelOutcomePath(item.caseId, item.rappel.rappelId), body });
  });

  const { errors } = form.formState;
  const summary = [
    ...(errors.outcome?.message ? [{ message: errors.outcome.message, fieldId: fieldIds.outcome }] : []),
    ...(errors.notes?.message ? [{ message: errors.notes.message, fieldId: fieldIds.notes }] : []),
  ];

  return (
    <Dialog open title={t('outcome.title', { family: item.familyLabel })} onClose={onClose}>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <Paragraph>
          {t('outcome.about', { date: formatDay(item.rappel.dueOn, { weekday: true }), owner: directorLabel(item.rappel.owner) })}
        </Paragraph>
        <RowCommandFeedback
          command={command}
          fields={fields}
          conflict={
            <>
              <strong>{t('errors.conflict')}</strong> {t('errors.conflictHint')}
            </>
          }
        />
        {confirming ? (
          <div className="ketenregie-stack">
            <Heading3 ref={confirmRef} tabIndex={-1}>
              {t('outcome.confirmTitle')}
            </Heading3>
            <Alert type="warning">
              <Paragraph>{t('outcome.confirmBody')}</Paragraph>
            </Alert>
            <ButtonGroup>
              <PrimaryActionButton type="submit" busy={command.pending} aria-disabled={command.pending || undefined}>
                {t('outcome.confirm')}
              </PrimaryActionButton>
              <SecondaryActionButton type="button" onClick={() => setConfirming(false)}>
                {t('outcome.back')}
              </SecondaryActionButton>
            </ButtonGroup>
          </div>
        ) : (
          <>
            <ErrorSummary items={summary} title={t('errors.summary')} />
            <Fieldset invalid={Boolean(errors.outcome)} aria-describedby={errors.outcome ? 'rappel-outcome-error' : undefined}>
              <FieldsetLegend>{t('outcome.legend')}</FieldsetLegend>
              {errors.outcome?.message ? (
                <p id="rappel-outcome-error" className="utrecht-form-field-error-message">
                  {errors.outcome.message}
                </p>
              ) : null}
              {outcomes.map((outcome) => (
                <div key={outcome} className="utrecht-form-field utrecht-form-field--radio ketenregie-radio">
                  <RadioButton id={`rappel-outcome-${outcome}`} value={outcome} {...form.register('outcome')} />
                  <label className="utrecht-form-label utrecht-form-label--radio" htmlFor={`rappel-outcome-${outcome}`}>
                    {t(`planner.outcome.${outcome}`)}
                  </label>
                </div>
              ))}
            </Fieldset>
            {chosen === 'unsafe' ? (
              <Alert type="warning">
                <Paragraph>{t('outcome.unsafeWarning')}</Paragraph>
              </Alert>
            ) : null}
            <Field
              id={fieldIds.notes}
              label={t('outcome.notes')}
              optional={chosen === 'safe'}
              description={t('outcome.notesHint')}
              error={errors.notes?.message}
            >
              {(control) => <Textarea {...control} rows={4} {...form.register('notes')} />}
            </Field>
            <ButtonGroup>
              <PrimaryActionButton type="submit" busy={command.pending} aria-disabled={command.pending || undefined}>
                {command.conflict ? t('errors.redo') : t('outcome.save')}
              </PrimaryActionButton>
              <SecondaryActionButton type="button" onClick={onClose}>
                {t('outcome.cancel')}
              </SecondaryActionButton>
            </ButtonGroup>
          </>
        )}
      </form>
    </Dialog>
  );
};
