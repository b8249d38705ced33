import { zodResolver } from '@hookform/resolvers/zod';
import type { MyTaskCase, partnerSignalKinds } from '@ketenregie/contracts';
import { signalReasonMaxLength } from '@ketenregie/contracts';
import { ButtonGroup, Dialog, ErrorSummary, Field, Paragraph, PrimaryActionButton, SecondaryActionButton, Textarea } from '@ketenregie/ui';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { RowCommandFeedback } from '../case/actions/command-feedback';
import { useServerFieldErrors } from '../case/actions/form-parts';
import { useCaseCommand } from '../case/actions/use-case-command';
import { t } from './i18n/t';
import { myTasksKey, signalsPath } from './queries';

export type PartnerSignalKind = (typeof partnerSignalKinds)[number];

const fields: ReadonlySet<string> = new Set(['reason']);
const refresh = [myTasksKey];

const reasonSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(1, { error: () => t('signal.reasonRequired') })
    .max(signalReasonMaxLength, { error: () => t('signal.reasonTooLong') }),
});

type ReasonForm = z.input<typeof reasonSchema>;

/**
 * "Taak stagneert" or "Gezin werkt niet meer mee": the partner tells the case's director, with a
 * short reason. It does not depend on the case's state, so it is not pinned to a version; whether
 * this partner may (its task, its organisation) the server decides, and a refusal reads in its words.
 */
export const SignalDialog = ({ task, kind, onClose }: { task: MyTaskCase; kind: PartnerSignalKind; onClose: () => void }) => {
  const form = useForm<ReasonForm>({ resolver: zodResolver(reasonSchema), defaultValues: { reason: '' } });
  const command = useCaseCommand(task, undefined, onClose, {
    pinVersion: false,
    refresh,
    announcement: () => t('signal.saved', { director: task.director.person.name }),
  });
  useServerFieldErrors(command, form, fields);
  const { errors } = form.formState;
  const summary = errors.reason?.message ? [{ message: errors.reason.message, fieldId: 'partner-signal-reason' }] : [];
  return (
    <Dialog open title={t(`signal.title.${kind}`)} onClose={onClose}>
      <form
        noValidate
        onSubmit={(event) =>
          void form.handleSubmit((body) => command.send({ path: signalsPath(task.caseId), body: { kind, reason: body.reason } }))(event)
        }
      >
        <Paragraph>{t('signal.about', { family: task.familyLabel, director: task.director.person.name })}</Paragraph>
        <RowCommandFeedback command={command} fields={fields} conflict={t('signal.conflict')} />
        <ErrorSummary items={summary} title={t('errors.summary')} />
        <Field id="partner-signal-reason" label={t('signal.reason')} description={t('signal.reasonHint')} error={errors.reason?.message}>
          {(control) => <Textarea {...control} rows={4} {...form.register('reason')} />}
        </Field>
        <ButtonGroup>
          <PrimaryActionButton type="submit" busy={command.pending} aria-disabled={command.pending || undefined}>
            {t('signal.submit')}
          </PrimaryActionButton>
          <SecondaryActionButton type="button" onClick={onClose}>
            {t('status.cancel')}
          </SecondaryActionButton>
        </ButtonGroup>
      </form>
    </Dialog>
  );
};
