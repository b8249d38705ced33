import { formatDateTime } from '@ketenregie/platform-web';
import { StatusBadge } from '@ketenregie/ui';
import type { ColumnDef } from '@tanstack/react-table';
import type { MouseEvent } from 'react';
import { Link } from 'react-router-dom';
import { DeadlineText } from '../shared/deadline-text';
import { directorLabel, receiverLabel, statusLabel } from '../shared/labels';
import { t } from './i18n/t';
import type { SortKey } from './list-state';
import { rowDeadline } from './list-state';
import type { WorklistRow } from './queries';
import type { WorklistTab } from './tabs';

export type ColumnMeta = { label: string; sortKey?: SortKey; rowHeader?: boolean };

type Context = {
  tab: WorklistTab;
  lastOpened: string | undefined;
  onOpen: (caseId: string, event: MouseEvent<HTMLAnchorElement>) => void;
};

/**
 * The worklist's columns. "Gezin" is the row's one link. The API sorts (by the column's `sortKey`):
 * "Termijn" by urgency, most overdue first, rows without a deadline last in either direction.
 */
export const worklistColumns = ({ tab, lastOpened, onOpen }: Context): ColumnDef<WorklistRow, unknown>[] => {
  const columns: ColumnDef<WorklistRow, unknown>[] = [
    {
      id: 'gezin',
      accessorFn: (row) => row.familyLabel,
      meta: { label: t('column.family'), sortKey: 'gezin', rowHeader: true } satisfies ColumnMeta,
      cell: ({ row }) => (
        <>
          <Link
            className="utrecht-link"
            to={`/casussen/${encodeURIComponent(row.original.caseId)}`}
            onClick={(event) => onOpen(row.original.caseId, event)}
          >
            {row.original.familyLabel}
          </Link>
          {lastOpened === row.original.caseId && <span className="ketenregie-last-opened"> {t('lastOpened')}</span>}
        </>
      ),
    },
    {
      id: 'gemeente',
      accessorFn: (row) => row.municipality,
      meta: { label: t('column.municipality'), sortKey: 'gemeente' } satisfies ColumnMeta,
    },
    {
      id: 'status',
      accessorFn: (row) => statusLabel(row.status),
      meta: { label: t('column.status'), sortKey: 'status' } satisfies ColumnMeta,
      cell: ({ row }) => <StatusBadge>{statusLabel(row.original.status)}</StatusBadge>,
    },
    {
      id: 'termijn',
      accessorFn: (row) => rowDeadline(row.deadlines, tab.deadline)?.deadline.dueOn,
      meta: { label: t('column.deadline'), sortKey: 'termijn' } satisfies ColumnMeta,
      cell: ({ row }) => {
        const shown = rowDeadline(row.original.deadlines, tab.deadline);
        return shown ? <DeadlineText deadline={shown.deadline} /> : t('deadline.none');
      },
    },
    {
      id: 'regisseur',
      accessorFn: (row) => directorLabel(row.director),
      meta: { label: t('column.director'), sortKey: 'regisseur' } satisfies ColumnMeta,
      cell: ({ row }) => (
        <>
          {directorLabel(row.original.director)}
          {row.original.pendingHandoverTo && (
            <span className="ketenregie-worklist__pending">
              {t('director.pendingHandover', { receiver: receiverLabel(row.original.pendingHandoverTo) })}
            </span>
          )}
        </>
      ),
    },
  ];
  if (tab.offers) {
    columns.push(
      {
        id: 'aangeboden-door',
        accessorFn: (row) => (row.handover ? directorLabel(row.handover.from) : ''),
        meta: { label: t('column.offeredBy') } satisfies ColumnMeta,
      },
      {
        id: 'aan',
        accessorFn: (row) => (row.handover ? receiverLabel(row.handover.to) : ''),
        meta: { label: t('column.offeredTo') } satisfies ColumnMeta,
      },
    );
  }
  columns.push({
    id: 'gewijzigd',
    accessorFn: (row) => row.lastEventAt,
    meta: { label: t('column.lastChanged'), sortKey: 'gewijzigd' } satisfies ColumnMeta,
    cell: ({ row }) => formatDateTime(row.original.lastEventAt),
  });
  return columns;
};
