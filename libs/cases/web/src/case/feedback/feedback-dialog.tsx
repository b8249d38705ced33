import { zodResolver } from '@hookform/resolvers/zod';
import type { CaseDetail, FeedbackPreview } from '@ketenregie/contracts';
import { feedbackMilestoneValues, feedbackPreviewSchema } from '@ketenregie/contracts';
import { api, ApiError, applyProblemToForm, formatDay, sendJson } from '@ketenregie/platform-web';
import { Alert, Field, Heading3, Paragraph, Select, SelectOption, Textarea } from '@ketenregie/ui';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { CommandFeedback } from '../actions/command-feedback';
import { refusalText } from '../actions/command-outcome';
import { FormShell, useServerFieldErrors } from '../actions/form-parts';
import { useCaseCommand } from '../actions/use-case-command';
import type { FeedbackDraft } from './feedback-words';
import {
  channelLabel,
  feedbackBody,
  feedbackRecipients,
  milestoneLabel,
  milestonesOf,
  previewIsCurrent,
  referrerKindLabel,
} from './feedback-words';
import { t } from './i18n/t';

const enc = encodeURIComponent;
const fields: ReadonlySet<string> = new Set(['reportId', 'milestone', 'note']);

// The contract's body, with Dutch words for the choices instead of its code values.
const draftSchema = z.object({
  reportId: z.string().min(1, { error: () => t('send.chooseReport') }),
  milestone: z.enum(feedbackMilestoneValues, { error: () => t('send.chooseMilestone') }),
  note: z.string().max(1_000, { error: () => t('send.noteTooLong') }),
});

type DraftForm = z.input<typeof draftSchema>;

// A refusal whose every field error stands at its field is not repeated above the form.
const placedAtFields = (error: unknown): boolean =>
  error instanceof ApiError && error.fieldErrors.length > 0 && error.fieldErrors.every((fieldError) => fields.has(fieldError.path));

type Previewed = { draft: FeedbackDraft; preview: FeedbackPreview };

const asDraft = (values: Partial<DraftForm>): FeedbackDraft => ({
  reportId: values.reportId ?? '',
  milestone: values.milestone ?? '',
  note: values.note ?? '',
});

/** Exactly what the referrer will read, and what the rules left out of it. */
const PreviewText = ({ preview }: { preview: FeedbackPreview }) => {
  const heading = useRef<HTMLHeadingElement>(null);
  // The preview appears below the fields: take the reader there, it is what they must check.
  useEffect(() => heading.current?.focus(), [preview]);
  return (
    <section aria-labelledby="feedback-preview-heading" className="ketenregie-feedback-preview">
      <Heading3 id="feedback-preview-heading" ref={heading} tabIndex={-1}>
        {t('send.previewHeading')}
      </Heading3>
      <Paragraph>
        <strong>{t('send.previewSubject', { subject: preview.subject })}</strong>
      </Paragraph>
      <div className="ketenregie-feedback-preview__text" data-testid="feedback-preview-text">
        {preview.text}
      </div>
      <Paragraph>{t('send.previewChannel', { channel: channelLabel(preview.channel) })}</Paragraph>
      {preview.withheld.length > 0 ? <Paragraph>{t('send.withheld', { items: preview.withheld.join(', ') })}</Paragraph> : null}
    </section>
  );
};

/**
 * "Controleer bericht aan melder": the director chooses the referrer and the moment, may add a
 * personal note, reads the server's preview (what the referrer will read, nothing is sent), and
 * only then "Versturen". Any change after the preview asks for a new one first.
 */
export const FeedbackDialog = ({
  detail,
  etag,
  onClose,
  onSent,
}: {
  detail: CaseDetail;
  etag: string | undefined;
  onClose: () => void;
  onSent: () => void;
}) => {
  const recipients = feedbackRecipients(detail.feedback);
  const [previewed, setPreviewed] = useState<Previewed | undefined>();
  const form = useForm<DraftForm>({
    resolver: zodResolver(draftSchema),
    defaultValues: { reportId: recipients[0]?.reportId ?? '', note: '' },
  });
  const command = useCaseCommand(detail, etag, onSent, { announcement: () => t('send.sent') });
  useServerFieldErrors(command, form, fields);
  const preview = useMutation({
    mutationFn: (draft: FeedbackDraft) =>
      sendJson({ path: api(`/cases/${enc(detail.caseId)}/feedback-previews`), body: feedbackBody(draft), schema: feedbackPreviewSchema }),
    onSuccess: (result, draft) => setPreviewed({ draft, preview: result }),
    onError: (error) => applyProblemToForm(error, form.setError, fields),
  });
  const values = asDraft(form.watch());
  const current = previewIsCurrent(previewed?.draft, values);
  const report = recipients.find((candidate) => candidate.reportId === values.reportId);
  const receivedOn = (reportId: string) => detail.reports.find((candidate) => candidate.reportId === reportId)?.receivedOn;
  const { errors, isSubmitted } = form.formState;

  if (recipients.length === 0) return <Paragraph>{t('send.noRecipients')}</Paragraph>;
  return (
    <>
      <CommandFeedback command={command} detail={detail} />
      {preview.error && !placedAtFields(preview.error) ? (
        <Alert type="error">
          <Paragraph>{t('send.previewFailed', { detail: refusalText(preview.error) })}</Paragraph>
        </Alert>
      ) : null}
      <FormShell
        idPrefix="feedback"
        errors={errors}
        submitted={isSubmitted}
        pending={command.pending || preview.isPending}
        submitLabel={current ? t('send.submit') : t('send.preview')}
        onCancel={onClose}
        onSubmit={form.handleSubmit((valid) => {
          const draft = asDraft(valid);
          if (previewIsCurrent(previewed?.draft, draft)) {
            command.send({ path: `/cases/${enc(detail.caseId)}/feedback-messages`, body: feedbackBody(draft) });
          } else {
            preview.reset();
            preview.mutate(draft);
          }
        })}
      >
        <Field id="feedback-reportId" label={t('send.report')} error={errors.reportId?.message}>
          {(control) => (
            <Select {...control} {...form.register('reportId')}>
              {recipients.map((recipient) => {
                const day = receivedOn(recipient.reportId);
                return (
                  <SelectOption key={recipient.reportId} value={recipient.reportId}>
                    {t('send.reportOption', {
                      label: recipient.referrerLabel,
                      kind: referrerKindLabel(recipient.referrerKind),
                      date: day ? formatDay(day) : '',
                    })}
                  </SelectOption>
                );
              })}
            </Select>
          )}
        </Field>
        <Field id="feedback-milestone" label={t('send.milestone')} error={errors.milestone?.message}>
          {(control) => (
            <Select {...control} {...form.register('milestone')}>
              <SelectOption value="">{t('send.chooseMilestone')}</SelectOption>
              {milestonesOf(report).map((milestone) => (
                <SelectOption key={milestone} value={milestone}>
                  {milestoneLabel(milestone)}
                </SelectOption>
              ))}
            </Select>
          )}
        </Field>
        <Field id="feedback-note" label={t('send.note')} optional description={t('send.noteHint')} error={errors.note?.message}>
          {(control) => <Textarea {...control} rows={4} {...form.register('note')} />}
        </Field>
        {previewed && !current ? (
          <Alert type="warning">
            <Paragraph>{t('send.stale')}</Paragraph>
          </Alert>
        ) : null}
        {previewed && current ? <PreviewText preview={previewed.preview} /> : null}
        {preview.isPending ? <Paragraph aria-busy="true">{t('send.previewBusy')}</Paragraph> : null}
      </FormShell>
    </>
  );
};
