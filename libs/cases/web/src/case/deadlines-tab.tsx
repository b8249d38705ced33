import type { CaseDetail } from '@ketenregie/contracts';
import { Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@ketenregie/ui';
import { DeadlineText } from '../shared/deadline-text';
import { openDeadlineKindLabel } from '../shared/labels';
import { t } from './i18n/t';

/** Every deadline still running, in date order, overdue ones marked in words. */
export const DeadlinesTab = ({ detail }: { detail: CaseDetail }) =>
  detail.openDeadlines.length === 0 ? (
    <Paragraph>{t('deadlines.empty')}</Paragraph>
  ) : (
    <div className="ketenregie-table-container">
      <Table className="ketenregie-responsive-table">
        <TableCaption>{t('deadlines.caption')}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t('deadlines.kind')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('deadlines.deadline')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {detail.openDeadlines.map((deadline) => (
            <TableRow key={`${deadline.kind}-${deadline.id}`}>
              <TableCell data-label={t('deadlines.kind')}>{openDeadlineKindLabel(deadline.kind)}</TableCell>
              <TableCell data-label={t('deadlines.deadline')}>
                <DeadlineText deadline={deadline} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
