import type { AcknowledgeSignalBody, CaseDetail, CaseSignal } from '@ketenregie/contracts';
import { acknowledgeSignalBodySchema } from '@ketenregie/contracts';
import { formatDateTime } from '@ketenregie/platform-web';
import { Button, DataList, DataListItem, DataListKey, DataListValue, Dialog, Heading2, Heading3, Paragraph } from '@ketenregie/ui';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { CommandFeedback } from '../actions/command-feedback';
import { contractResolver, FormShell, TextareaField, useServerFieldErrors } from '../actions/form-parts';
import { useCaseCommand } from '../actions/use-case-command';
import { acknowledgeActionOf, acknowledgedSignals, openSignals, signalKindLabel, signalSourceLabel } from './feedback-words';
import { t } from './i18n/t';

const enc = encodeURIComponent;

type Props = { detail: CaseDetail; etag: string | undefined; readOnly: boolean };

/** "Gezien": the director has read the signal and may say what follows; it goes into the case's history. */
const AcknowledgeSignalDialog = ({
  detail,
  etag,
  signal,
  onClose,
}: Omit<Props, 'readOnly'> & { signal: CaseSignal; onClose: () => void }) => {
  const command = useCaseCommand(detail, etag, onClose, { announcement: () => t('ack.saved') });
  const form = useForm<AcknowledgeSignalBody>({ resolver: contractResolver(acknowledgeSignalBodySchema), defaultValues: { note: '' } });
  useServerFieldErrors(command, form);
  const { errors, isSubmitted } = form.formState;
  return (
    <>
      <CommandFeedback command={command} detail={detail} />
      <Paragraph>
        {t('ack.body', {
          kind: signalKindLabel(signal.kind),
          source: signalSourceLabel(signal, detail.reports),
          when: formatDateTime(signal.raisedAt),
        })}
      </Paragraph>
      <Paragraph>{signal.reason}</Paragraph>
      <FormShell
        idPrefix="ack-signal"
        errors={errors}
        submitted={isSubmitted}
        pending={command.pending}
        submitLabel={t('ack.submit')}
        onCancel={onClose}
        onSubmit={form.handleSubmit((body) =>
          command.send({
            path: `/cases/${enc(detail.caseId)}/signals/${enc(signal.signalId)}/acknowledgement`,
            body: body.note?.trim() ? { note: body.note } : {},
          }),
        )}
      >
        <TextareaField
          id="ack-signal-note"
          label={t('ack.note')}
          optional
          description={t('ack.noteHint')}
          error={errors.note?.message}
          registration={form.register('note')}
        />
      </FormShell>
    </>
  );
};

const SignalFacts = ({ signal, detail }: { signal: CaseSignal; detail: CaseDetail }) => (
  <DataList>
    <DataListItem>
      <DataListKey>{t('signals.from')}</DataListKey>
      <DataListValue>{signalSourceLabel(signal, detail.reports)}</DataListValue>
    </DataListItem>
    <DataListItem>
      <DataListKey>{t('signals.reason')}</DataListKey>
      <DataListValue>{signal.reason}</DataListValue>
    </DataListItem>
    <DataListItem>
      <DataListKey>{t('signals.raisedAt')}</DataListKey>
      <DataListValue>{formatDateTime(signal.raisedAt)}</DataListValue>
    </DataListItem>
  </DataList>
);

/**
 * What a referrer or a chain partner told the director and the director has not seen yet: near the
 * top of the case, above the actions, so it is not missed. Not a live alert: it is part of the page.
 */
export const SignalsPanel = ({ detail, etag, readOnly }: Props) => {
  const [acknowledging, setAcknowledging] = useState<CaseSignal | undefined>();
  const open = openSignals(detail.signals);
  if (open.length === 0) return null;
  const actions = readOnly ? [] : detail.actions;
  return (
    <section aria-labelledby="case-signals-heading" className="ketenregie-signals" data-testid="case-signals">
      <Heading2 id="case-signals-heading">{t('signals.heading')}</Heading2>
      <Paragraph>{open.length === 1 ? t('signals.intro.one') : t('signals.intro.other', { count: open.length })}</Paragraph>
      <ul className="ketenregie-signals__list">
        {open.map((signal) => {
          const action = acknowledgeActionOf(actions, signal.signalId);
          const kind = signalKindLabel(signal.kind);
          return (
            <li key={signal.signalId} className="ketenregie-signals__item" data-testid="case-signal">
              <Heading3>{kind}</Heading3>
              <SignalFacts signal={signal} detail={detail} />
              {action?.allowed ? (
                <Button
                  type="button"
                  appearance="secondary-action-button"
                  aria-label={t('signals.seenFor', { kind, source: signalSourceLabel(signal, detail.reports) })}
                  onClick={() => setAcknowledging(signal)}
                >
                  {t('signals.seen')}
                </Button>
              ) : null}
              {action && !action.allowed ? <Paragraph>{t('signals.unavailable', { reason: action.reason })}</Paragraph> : null}
            </li>
          );
        })}
      </ul>
      <Dialog open={acknowledging !== undefined} title={t('ack.title')} onClose={() => setAcknowledging(undefined)}>
        {acknowledging ? (
          <AcknowledgeSignalDialog detail={detail} etag={etag} signal={acknowledging} onClose={() => setAcknowledging(undefined)} />
        ) : null}
      </Dialog>
    </section>
  );
};

/** The signals the director has seen, with who saw them and what they said they would do. */
export const SignalHistory = ({ detail }: { detail: CaseDetail }) => {
  const seen = acknowledgedSignals(detail.signals);
  return (
    <section aria-labelledby="case-signal-history-heading" className="ketenregie-stack">
      <Heading3 id="case-signal-history-heading">{t('signals.history')}</Heading3>
      {seen.length === 0 ? (
        <Paragraph>{t('signals.historyEmpty')}</Paragraph>
      ) : (
        <ul className="ketenregie-signals__list">
          {seen.map((signal) => (
            <li key={signal.signalId} className="ketenregie-signals__item" data-testid="seen-signal">
              <Paragraph>
                <strong>{signalKindLabel(signal.kind)}</strong>
              </Paragraph>
              <SignalFacts signal={signal} detail={detail} />
              {signal.acknowledged ? (
                <>
                  <Paragraph>
                    {t('signals.acknowledged', { who: signal.acknowledged.by.name, when: formatDateTime(signal.acknowledged.at) })}
                  </Paragraph>
                  {signal.acknowledged.note ? (
                    <Paragraph>{t('signals.acknowledgedNote', { note: signal.acknowledged.note })}</Paragraph>
                  ) : null}
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};
