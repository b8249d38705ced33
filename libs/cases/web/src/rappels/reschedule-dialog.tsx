import { zodResolver } from '@hookform/resolvers/zod';
import type { RappelPlannerItem } from '@ketenregie/contracts';
import { rescheduleRappelBodySchema } from '@ketenregie/contracts';
import { amsterdamToday, formatDay } from '@ketenregie/platform-web';
import {
  ButtonGroup,
  Dialog,
  ErrorSummary,
  Field,
  Paragraph,
  PrimaryActionButton,
  SecondaryActionButton,
  Textarea,
  Textbox,
} from '@ketenregie/ui';
import { useForm } from 'react-hook-form';
import { RowCommandFeedback } from '../case/actions/command-feedback';
import { useServerFieldErrors } from '../case/actions/form-parts';
import { useCaseCommand } from '../case/actions/use-case-command';
import { t } from './i18n/t';
import { rappelPlannerKeys, rappelReschedulePath } from './queries';

type RescheduleForm = { dueOn: string; reason: string };

const fieldIds = { dueOn: 'rappel-reschedule-due-on', reason: 'rappel-reschedule-reason' } as const;
const fields: ReadonlySet<string> = new Set(['dueOn', 'reason']);
const refresh = [rappelPlannerKeys.all];

/**
 * "Verplaatsen" for one open rappel: a new day (today or later) and why. The row comes from the
 * latest planner data, so after a 412 the redo goes with the version the list now shows.
 */
export const RescheduleDialog = ({ item, onClose, onMoved }: { item: RappelPlannerItem; onClose: () => void; onMoved: () => void }) => {
  const form = useForm<RescheduleForm>({
    resolver: zodResolver(rescheduleRappelBodySchema),
    defaultValues: { dueOn: item.rappel.dueOn < amsterdamToday() ? amsterdamToday() : item.rappel.dueOn, reason: '' },
  });
  const command = useCaseCommand(item, undefined, onMoved, {
    refresh,
    announcement: (_, request) =>
      t('reschedule.saved', { family: item.familyLabel, date: formatDay((request.body as RescheduleForm).dueOn, { weekday: true }) }),
  });
  useServerFieldErrors(command, form, fields);
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
          void form.handleSubmit((body) => command.send({ path: rappelReschedulePath(item.caseId, item.rappel.rappelId), body }))(event)
        }
      >
        <Paragraph>{t('reschedule.about', { date: formatDay(item.rappel.dueOn, { weekday: true }) })}</Paragraph>
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
        <Field id={fieldIds.dueOn} label={t('reschedule.dueOn')} description={t('reschedule.dueOnHint')} error={errors.dueOn?.message}>
          {(control) => <Textbox {...control} type="date" min={amsterdamToday()} {...form.register('dueOn')} />}
        </Field>
        <Field id={fieldIds.reason} label={t('reschedule.reason')} error={errors.reason?.message}>
          {(control) => <Textarea {...control} rows={3} {...form.register('reason')} />}
        </Field>
        <ButtonGroup>
          <PrimaryActionButton type="submit" busy={command.pending} aria-disabled={command.pending || undefined}>
            {command.conflict ? t('errors.redo') : t('reschedule.save')}
          </PrimaryActionButton>
          <SecondaryActionButton type="button" onClick={onClose}>
            {t('outcome.cancel')}
          </SecondaryActionButton>
        </ButtonGroup>
      </form>
    </Dialog>
  );
};
