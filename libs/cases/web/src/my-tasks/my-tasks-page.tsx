import { useQuery } from '@tanstack/react-query';
import type { MyTaskCase } from '@ketenregie/contracts';
import { partnerSignalKinds } from '@ketenregie/contracts';
import { amsterdamToday, formatDateTime, usePageTitle } from '@ketenregie/platform-web';
import {
  Alert,
  Button,
  ButtonGroup,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Heading1,
  Heading2,
  Heading3,
  Paragraph,
  PrimaryActionButton,
  StatusBadge,
} from '@ketenregie/ui';
import { useState } from 'react';
import { DeadlineText } from '../shared/deadline-text';
import { ConditionStatusDialog } from './condition-status-dialog';
import { t } from './i18n/t';
import { myTasksQueryOptions } from './queries';
import type { PartnerSignalKind } from './signal-dialog';
import { SignalDialog } from './signal-dialog';

type Open = { caseId: string; conditionId: string };
type OpenSignal = { caseId: string; kind: PartnerSignalKind };

const signalKinds: readonly PartnerSignalKind[] = partnerSignalKinds;
const isPartnerKind = (kind: string): kind is PartnerSignalKind => (signalKinds as readonly string[]).includes(kind);
const signalButtonId = (open: OpenSignal) => `signal-${open.caseId}-${open.kind}`;

const conditionStatusBadge = (status: MyTaskCase['safetyConditions'][number]['status']) => (
  <StatusBadge status={status === 'met' ? 'safe' : status === 'not-met' ? 'danger' : 'neutral'}>{t(`tasks.status.${status}`)}</StatusBadge>
);

const TaskCard = ({
  task,
  onReport,
  onSignal,
}: {
  task: MyTaskCase;
  onReport: (open: Open) => void;
  onSignal: (open: OpenSignal) => void;
}) => {
  const today = amsterdamToday();
  const headingId = `task-${task.caseId}`;
  return (
    <article aria-labelledby={headingId} className="ketenregie-surface ketenregie-task-card" data-testid="task-card">
      <Heading2 id={headingId}>{t('tasks.family', { family: task.familyLabel, municipality: task.municipality })}</Heading2>
      <DataList>
        <DataListItem>
          <DataListKey>{t('tasks.director')}</DataListKey>
          <DataListValue>
            {t('tasks.directorContact', { person: task.director.person.name, organisation: task.director.organisation.name })}
          </DataListValue>
        </DataListItem>
      </DataList>
      {task.safetyConditions.length > 0 ? (
        <section aria-labelledby={`${headingId}-conditions`}>
          <Heading3 id={`${headingId}-conditions`}>{t('tasks.conditions')}</Heading3>
          <ul className="ketenregie-task-list">
            {task.safetyConditions.map((condition) => (
              <li key={condition.conditionId} data-testid="task-condition">
                <DataList>
                  <DataListItem>
                    <DataListKey>{t('tasks.condition')}</DataListKey>
                    <DataListValue>{condition.text}</DataListValue>
                  </DataListItem>
                  <DataListItem>
                    <DataListKey>{t('tasks.due')}</DataListKey>
                    <DataListValue>
                      <DeadlineText
                        deadline={{ dueOn: condition.dueOn, overdue: condition.status === 'open' && condition.dueOn < today }}
                      />
                    </DataListValue>
                  </DataListItem>
                  <DataListItem>
                    <DataListKey>{t('tasks.status')}</DataListKey>
                    <DataListValue>{conditionStatusBadge(condition.status)}</DataListValue>
                  </DataListItem>
                </DataList>
                <PrimaryActionButton
                  type="button"
                  id={`report-${task.caseId}-${condition.conditionId}`}
                  aria-label={t('tasks.reportFor', { condition: condition.text })}
                  onClick={() => onReport({ caseId: task.caseId, conditionId: condition.conditionId })}
                >
                  {t('tasks.report')}
                </PrimaryActionButton>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {task.planAgreements.length > 0 ? (
        <section aria-labelledby={`${headingId}-agreements`}>
          <Heading3 id={`${headingId}-agreements`}>{t('tasks.agreements')}</Heading3>
          <ul className="ketenregie-task-list">
            {task.planAgreements.map((agreement) => (
              <li key={`${agreement.part}/${agreement.agreementId}`}>
                <DataList>
                  <DataListItem>
                    <DataListKey>{t('tasks.agreement')}</DataListKey>
                    <DataListValue>{agreement.text}</DataListValue>
                  </DataListItem>
                  <DataListItem>
                    <DataListKey>{t('tasks.part')}</DataListKey>
                    <DataListValue>{t(`tasks.part.${agreement.part}`)}</DataListValue>
                  </DataListItem>
                  <DataListItem>
                    <DataListKey>{t('tasks.due')}</DataListKey>
                    <DataListValue>
                      {agreement.dueOn ? <DeadlineText deadline={{ dueOn: agreement.dueOn, overdue: false }} /> : t('tasks.noDue')}
                    </DataListValue>
                  </DataListItem>
                </DataList>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby={`${headingId}-signal`}>
        <Heading3 id={`${headingId}-signal`}>{t('signal.raise')}</Heading3>
        <ButtonGroup>
          {signalKinds.map((kind) => (
            <Button
              key={kind}
              type="button"
              appearance="secondary-action-button"
              id={signalButtonId({ caseId: task.caseId, kind })}
              aria-label={t(`signal.buttonFor.${kind}`, { family: task.familyLabel })}
              onClick={() => onSignal({ caseId: task.caseId, kind })}
            >
              {t(`signal.button.${kind}`)}
            </Button>
          ))}
        </ButtonGroup>
        {task.signals.some((signal) => isPartnerKind(signal.kind)) ? (
          <ul className="ketenregie-task-list" aria-label={t('signal.earlier')}>
            {task.signals
              .filter((signal) => isPartnerKind(signal.kind))
              .sort((a, b) => b.raisedAt.localeCompare(a.raisedAt))
              .map((signal) => (
                <li key={signal.signalId} data-testid="task-signal">
                  {t(signal.acknowledged ? 'signal.earlierSeen' : 'signal.earlierOpen', {
                    kind: isPartnerKind(signal.kind) ? t(`signal.button.${signal.kind}`) : '',
                    when: formatDateTime(signal.raisedAt),
                  })}
                </li>
              ))}
          </ul>
        ) : null}
      </section>
    </article>
  );
};

export const MyTasksPage = () => {
  usePageTitle(t('tasks.title'));
  const { data, isPending, isError, isFetching, refetch } = useQuery(myTasksQueryOptions());
  const [open, setOpen] = useState<Open | null>(null);
  const [signal, setSignal] = useState<OpenSignal | null>(null);
  const signalTask = signal ? data?.items.find((task) => task.caseId === signal.caseId) : undefined;
  const openTask = open ? data?.items.find((task) => task.caseId === open.caseId) : undefined;
  const openCondition = open ? openTask?.safetyConditions.find((condition) => condition.conditionId === open.conditionId) : undefined;
  return (
    <div className="ketenregie-stack ketenregie-outcome-badges">
      <Heading1>{t('tasks.title')}</Heading1>
      <Paragraph>{t('tasks.intro')}</Paragraph>
      {isPending ? (
        <div role="status" aria-busy="true" className="ketenregie-surface">
          <Paragraph>{t('tasks.loading')}</Paragraph>
        </div>
      ) : isError && !data ? (
        <Alert type="error">
          <Paragraph>{t('tasks.loadFailed')}</Paragraph>
          <Button appearance="secondary-action-button" busy={isFetching} onClick={() => void refetch()}>
            {t('tasks.retry')}
          </Button>
        </Alert>
      ) : data.items.length === 0 ? (
        <div className="ketenregie-surface">
          <Paragraph>
            <strong>{t('tasks.empty')}</strong>
          </Paragraph>
          <Paragraph>{t('tasks.emptyHint')}</Paragraph>
        </div>
      ) : (
        <div aria-busy={isFetching || undefined}>
          {data.total > data.items.length ? (
            <Paragraph>{t('tasks.truncated', { shown: data.items.length, total: data.total })}</Paragraph>
          ) : null}
          {data.items.map((task) => (
            <TaskCard key={task.caseId} task={task} onReport={setOpen} onSignal={setSignal} />
          ))}
        </div>
      )}
      {openTask && openCondition ? (
        <ConditionStatusDialog
          task={openTask}
          condition={openCondition}
          onClose={() => {
            const trigger = open ? `report-${open.caseId}-${open.conditionId}` : '';
            setOpen(null);
            setTimeout(() => document.getElementById(trigger)?.focus(), 0);
          }}
        />
      ) : null}
      {signal && signalTask ? (
        <SignalDialog
          task={signalTask}
          kind={signal.kind}
          onClose={() => {
            const trigger = signalButtonId(signal);
            setSignal(null);
            setTimeout(() => document.getElementById(trigger)?.focus(), 0);
          }}
        />
      ) : null}
    </div>
  );
};
