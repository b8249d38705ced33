import { useQuery } from '@tanstack/react-query';
import type { RappelPlannerItem } from '@ketenregie/contracts';
import { amsterdamToday, formatDay, usePageTitle } from '@ketenregie/platform-web';
import {
  Alert,
  Button,
  ButtonGroup,
  Heading1,
  Heading2,
  Heading3,
  Paragraph,
  SecondaryActionButton,
  SubtleButton,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@ketenregie/ui';
import { useEffect, useState } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import { directorLabel } from '../shared/labels';
import { t } from './i18n/t';
import { OutcomeDialog } from './outcome-dialog';
import { RescheduleDialog } from './reschedule-dialog';
import { rappelPlannerQueryOptions } from './queries';
import { FamilyLink, RappelDue, RappelOutcome, familyLinkId } from './rappel-summary';
import type { Week } from './week';
import { daysOf, parseWeek, shiftWeek, weekOf, weekParam } from './week';

type View = 'lijst' | 'kalender';

const narrowQuery = '(max-width: 40rem)';

/** At phone width seven columns do not fit: the calendar then shows as the list. */
const useNarrow = (): boolean => {
  const [narrow, setNarrow] = useState(() => window.matchMedia(narrowQuery).matches);
  useEffect(() => {
    const media = window.matchMedia(narrowQuery);
    const onChange = () => setNarrow(media.matches);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);
  return narrow;
};

type RowKey = { caseId: string; rappelId: string; action: 'outcome' | 'reschedule' };

const keyOf = (item: RappelPlannerItem): string => `${item.caseId}/${item.rappel.rappelId}`;

/** "Uitkomst vastleggen" first, "Verplaatsen" second; a done rappel has neither. */
const RappelActions = ({ item, onOpen }: { item: RappelPlannerItem; onOpen: (row: RowKey) => void }) =>
  item.rappel.status === 'completed' ? null : (
    <ButtonGroup>
      <SecondaryActionButton
        type="button"
        aria-label={t('planner.recordOutcomeFor', { family: item.familyLabel })}
        onClick={() => onOpen({ caseId: item.caseId, rappelId: item.rappel.rappelId, action: 'outcome' })}
      >
        {t('planner.recordOutcome')}
      </SecondaryActionButton>
      <SubtleButton
        type="button"
        aria-label={t('reschedule.buttonFor', { family: item.familyLabel })}
        onClick={() => onOpen({ caseId: item.caseId, rappelId: item.rappel.rappelId, action: 'reschedule' })}
      >
        {t('reschedule.button')}
      </SubtleButton>
    </ButtonGroup>
  );

const ListView = ({ items, week, onOpen }: { items: RappelPlannerItem[]; week: Week; onOpen: (row: RowKey) => void }) => (
  <div className="ketenregie-table-container">
    <Table className="ketenregie-responsive-table">
      <TableCaption>{t('planner.caption', { week: week.week })}</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col">{t('planner.column.family')}</TableHeaderCell>
          <TableHeaderCell scope="col">{t('planner.column.due')}</TableHeaderCell>
          <TableHeaderCell scope="col">{t('planner.column.owner')}</TableHeaderCell>
          <TableHeaderCell scope="col">{t('planner.column.director')}</TableHeaderCell>
          <TableHeaderCell scope="col">{t('planner.column.outcome')}</TableHeaderCell>
          <TableHeaderCell scope="col">{t('planner.column.actions')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((item) => (
          <TableRow key={keyOf(item)} data-testid="rappel-row">
            <TableCell data-label={t('planner.column.family')}>
              <FamilyLink item={item} />
              <span className="ketenregie-block ketenregie-muted">{item.municipality}</span>
            </TableCell>
            <TableCell data-label={t('planner.column.due')}>
              <RappelDue item={item} />
            </TableCell>
            <TableCell data-label={t('planner.column.owner')}>{directorLabel(item.rappel.owner)}</TableCell>
            <TableCell data-label={t('planner.column.director')}>{directorLabel(item.director)}</TableCell>
            <TableCell data-label={t('planner.column.outcome')}>
              <RappelOutcome item={item} />
            </TableCell>
            <TableCell data-label={t('planner.column.actions')}>
              <RappelActions item={item} onOpen={onOpen} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </div>
);

const RappelCard = ({ item, onOpen }: { item: RappelPlannerItem; onOpen: (row: RowKey) => void }) => (
  <li className="ketenregie-rappel-card" data-testid="rappel-card">
    <FamilyLink item={item} />
    <RappelDue item={item} />
    <span className="ketenregie-block">{t('planner.owner', { owner: directorLabel(item.rappel.owner) })}</span>
    <span className="ketenregie-block">{t('planner.director', { director: directorLabel(item.director) })}</span>
    <span className="ketenregie-block">
      <RappelOutcome item={item} />
    </span>
    <RappelActions item={item} onOpen={onOpen} />
  </li>
);

/** Monday to Sunday as seven labelled sections, each a list: plain Tab order, no grid keys to learn. */
const CalendarView = ({ items, week, onOpen }: { items: RappelPlannerItem[]; week: Week; onOpen: (row: RowKey) => void }) => {
  const days = daysOf(week);
  const earlier = items.filter((item) => item.rappel.dueOn < days[0]);
  return (
    <>
      {earlier.length > 0 ? (
        <section aria-labelledby="planner-late" className="ketenregie-surface">
          <Heading3 id="planner-late">{t('planner.late')}</Heading3>
          <Paragraph>{t('planner.lateIntro')}</Paragraph>
          <ul className="ketenregie-rappel-list">
            {earlier.map((item) => (
              <RappelCard key={keyOf(item)} item={item} onOpen={onOpen} />
            ))}
          </ul>
        </section>
      ) : null}
      <div className="ketenregie-week-grid">
        {days.map((day) => {
          const onDay = items.filter((item) => item.rappel.dueOn === day);
          return (
            <section key={day} aria-labelledby={`planner-day-${day}`} className="ketenregie-week-day">
              <Heading3 id={`planner-day-${day}`}>{formatDay(day, { weekday: true })}</Heading3>
              {onDay.length === 0 ? (
                <Paragraph className="ketenregie-muted">{t('planner.noneOnDay')}</Paragraph>
              ) : (
                <ul className="ketenregie-rappel-list">
                  {onDay.map((item) => (
                    <RappelCard key={keyOf(item)} item={item} onOpen={onOpen} />
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
    </>
  );
};

export const RappelPlannerPage = () => {
  usePageTitle(t('planner.title'));
  const [params] = useSearchParams();
  const week = parseWeek(params.get('week')) ?? weekOf(amsterdamToday());
  const view: View = params.get('weergave') === 'kalender' ? 'kalender' : 'lijst';
  const narrow = useNarrow();
  const days = daysOf(week);
  const span = { from: days[0], to: days[6] };
  const { data, isPending, isError, isFetching, refetch } = useQuery(rappelPlannerQueryOptions(span));
  const [open, setOpen] = useState<RowKey | null>(null);
  const openItem = open ? data?.items.find((item) => item.caseId === open.caseId && item.rappel.rappelId === open.rappelId) : undefined;

  const link = (next: { week?: Week; view?: View }) =>
    `?${new URLSearchParams({ week: weekParam(next.week ?? week), weergave: next.view ?? view }).toString()}`;

  return (
    <div className="ketenregie-stack ketenregie-outcome-badges">
      <Heading1>{t('planner.title')}</Heading1>
      <Paragraph>{t('planner.intro')}</Paragraph>
      <nav aria-label={t('planner.weekNavigation')} className="ketenregie-week-nav">
        <Heading2 id="planner-week" tabIndex={-1}>
          {t('planner.weekHeading', { week: week.week, from: formatDay(span.from), to: formatDay(span.to) })}
        </Heading2>
        <div className="ketenregie-week-nav__links">
          <RouterLink className="utrecht-button-link utrecht-button-link--secondary-action" to={link({ week: shiftWeek(week, -1) })}>
            {t('planner.previousWeek')}
          </RouterLink>
          <RouterLink className="utrecht-button-link utrecht-button-link--subtle" to={link({ week: weekOf(amsterdamToday()) })}>
            {t('planner.thisWeek')}
          </RouterLink>
          <RouterLink className="utrecht-button-link utrecht-button-link--secondary-action" to={link({ week: shiftWeek(week, 1) })}>
            {t('planner.nextWeek')}
          </RouterLink>
        </div>
      </nav>
      <nav aria-label={t('planner.views')}>
        <ul className="ketenregie-tab-links">
          {(['lijst', 'kalender'] as const).map((candidate) => (
            <li key={candidate}>
              <RouterLink to={link({ view: candidate })} aria-current={candidate === view ? 'page' : undefined}>
                {candidate === 'lijst' ? t('planner.view.list') : t('planner.view.calendar')}
              </RouterLink>
            </li>
          ))}
        </ul>
      </nav>
      {isPending ? (
        <div role="status" aria-busy="true" className="ketenregie-surface">
          <Paragraph>{t('planner.loading')}</Paragraph>
        </div>
      ) : isError && !data ? (
        <Alert type="error">
          <Paragraph>{t('planner.loadFailed')}</Paragraph>
          <Button appearance="secondary-action-button" busy={isFetching} onClick={() => void refetch()}>
            {t('planner.retry')}
          </Button>
        </Alert>
      ) : data.items.length === 0 ? (
        <div className="ketenregie-surface">
          <Paragraph>
            <strong>{t('planner.empty')}</strong>
          </Paragraph>
          <Paragraph>{t('planner.emptyHint')}</Paragraph>
        </div>
      ) : (
        <section aria-labelledby="planner-week" aria-busy={isFetching || undefined}>
          {data.total > data.items.length ? (
            <Paragraph>{t('planner.truncated', { shown: data.items.length, total: data.total })}</Paragraph>
          ) : null}
          {view === 'kalender' && narrow ? <Paragraph className="ketenregie-muted">{t('planner.narrowNote')}</Paragraph> : null}
          {view === 'kalender' && !narrow ? (
            <CalendarView items={data.items} week={week} onOpen={setOpen} />
          ) : (
            <ListView items={data.items} week={week} onOpen={setOpen} />
          )}
        </section>
      )}
      {openItem && open?.action === 'reschedule' ? (
        <RescheduleDialog
          item={openItem}
          onClose={() => setOpen(null)}
          onMoved={() => {
            setOpen(null);
            // The row may have left this week: focus goes to the week's heading, the move is announced.
            setTimeout(() => document.getElementById('planner-week')?.focus(), 0);
          }}
        />
      ) : null}
      {openItem && open?.action === 'outcome' ? (
        <OutcomeDialog
          item={openItem}
          onClose={() => setOpen(null)}
          onRecorded={(item) => {
            setOpen(null);
            // The button that opened the dialog is gone once the rappel is done: focus its family instead.
            setTimeout(() => document.getElementById(familyLinkId(item))?.focus(), 0);
          }}
        />
      ) : null}
    </div>
  );
};
