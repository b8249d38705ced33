import { Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@ketenregie/ui';
import { flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { t } from './i18n/t';
import type { ListState } from './list-state';
import { pageNumbersAround, rowsPerPage, toggledSort, writeListState } from './list-state';
import type { WorklistRows } from './queries';
import type { WorklistTab } from './tabs';
import type { ColumnMeta } from './worklist-columns';
import { worklistColumns } from './worklist-columns';

// "Back" to the list restores where the user was and marks the row they opened; kept per address,
// for this tab of the browser only.
const lastOpenedKey = 'ketenregie.worklist.last-opened';
type LastOpened = { address: string; caseId: string; scrollY: number };

const readLastOpened = (address: string): LastOpened | undefined => {
  try {
    const stored = JSON.parse(sessionStorage.getItem(lastOpenedKey) ?? 'null') as LastOpened | null;
    return stored && stored.address === address ? stored : undefined;
  } catch {
    return undefined;
  }
};

type Props = {
  tab: WorklistTab;
  /** The page the API answered (sorted, filtered and paged there); undefined while loading. */
  rows: WorklistRows | undefined;
  filtered: boolean;
  state: ListState;
  onChange: (next: ListState) => void;
};

export const WorklistTable = ({ tab, rows, filtered, state, onChange }: Props) => {
  const location = useLocation();
  const address = `${location.pathname}${location.search}`;
  const [lastOpened, setLastOpened] = useState(() => readLastOpened(address));
  const columns = useMemo(
    () =>
      worklistColumns({
        tab,
        lastOpened: lastOpened?.caseId,
        onOpen: (caseId) => {
          const opened: LastOpened = { address, caseId, scrollY: window.scrollY };
          sessionStorage.setItem(lastOpenedKey, JSON.stringify(opened));
          // Marked at once as well: Back pressed before the case page showed keeps this list on
          // screen, never mounted anew, and the row must still say it was the one opened.
          setLastOpened(opened);
        },
      }),
    [tab, lastOpened, address],
  );
  const data = useMemo(() => rows?.items ?? [], [rows]);
  // The API sorted, filtered and paged the rows: the table only lays out the page it was given.
  const table = useReactTable({
    data,
    columns,
    getRowId: (row) => row.caseId,
    state: { sorting: [{ id: state.sort, desc: state.descending }] },
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    getCoreRowModel: getCoreRowModel(),
  });

  const restored = useRef(false);
  useLayoutEffect(() => {
    if (restored.current || rows === undefined || !lastOpened) return;
    restored.current = true;
    window.scrollTo(0, lastOpened.scrollY);
  }, [rows, lastOpened]);

  const total = rows?.total ?? 0;
  const pageRows = table.getRowModel().rows;
  const pages = Math.max(1, Math.ceil(total / rowsPerPage));
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const loading = rows === undefined;

  return (
    <>
      <div className="ketenregie-table-container">
        <Table className="ketenregie-responsive-table" aria-busy={loading || undefined}>
          <TableCaption>{t(`caption.${tab.key}`)}</TableCaption>
          <TableHeader>
            <TableRow>
              {headers.map((header) => {
                const meta = header.column.columnDef.meta as ColumnMeta;
                const sorted = meta.sortKey !== undefined && meta.sortKey === state.sort;
                return (
                  <TableHeaderCell
                    key={header.id}
                    scope="col"
                    aria-sort={meta.sortKey ? (sorted ? (state.descending ? 'descending' : 'ascending') : 'none') : undefined}
                  >
                    {meta.sortKey ? (
                      <button
                        type="button"
                        className="ketenregie-sort-button"
                        onClick={() => onChange(toggledSort(state, meta.sortKey as NonNullable<ColumnMeta['sortKey']>))}
                      >
                        {meta.label}
                        <span aria-hidden="true" className="ketenregie-sort-button__arrow">
                          {sorted ? (state.descending ? '▼' : '▲') : '↕'}
                        </span>
                      </button>
                    ) : (
                      <span className="ketenregie-column-label">{meta.label}</span>
                    )}
                  </TableHeaderCell>
                );
              })}
            </TableRow>
          </TableHeader>
          <TableBody>
            {loading ? (
              <TableRow>
                <TableCell colSpan={headers.length}>
                  <span role="status">{t('loading')}</span>
                </TableCell>
              </TableRow>
            ) : (
              pageRows.map((row) => (
                <TableRow key={row.id} className={row.id === lastOpened?.caseId ? 'ketenregie-row--last-opened' : undefined}>
                  {row.getVisibleCells().map((cell) => {
                    const meta = cell.column.columnDef.meta as ColumnMeta;
                    const content = flexRender(cell.column.columnDef.cell, cell.getContext());
                    return meta.rowHeader ? (
                      <TableHeaderCell key={cell.id} scope="row">
                        {content}
                      </TableHeaderCell>
                    ) : (
                      <TableCell key={cell.id} data-label={meta.label}>
                        {content}
                      </TableCell>
                    );
                  })}
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </div>
      {!loading && total === 0 && (
        <Paragraph className="ketenregie-worklist__empty">{filtered ? t('empty.filtered') : t(`empty.${tab.key}`)}</Paragraph>
      )}
      {!loading && total > rowsPerPage && <Pagination state={state} pages={pages} total={total} />}
    </>
  );
};

const Pagination = ({ state, pages, total }: { state: ListState; pages: number; total: number }) => {
  const page = Math.min(state.page, pages);
  const to = (target: number) => `?${writeListState({ ...state, page: target }).toString()}`;
  const from = (page - 1) * rowsPerPage + 1;
  return (
    <nav className="utrecht-pagination ketenregie-pagination" aria-label={t('pagination.label')}>
      <p className="ketenregie-pagination__summary">{t('pagination.summary', { from, to: Math.min(page * rowsPerPage, total), total })}</p>
      <ul className="ketenregie-pagination__list">
        {page > 1 && (
          <li>
            <Link className="utrecht-pagination__relative-link utrecht-pagination__relative-link--prev" rel="prev" to={to(page - 1)}>
              {t('pagination.previous')}
            </Link>
          </li>
        )}
        {pageNumbersAround(page, pages).map((number, index, shown) => (
          <li key={number}>
            {index > 0 && number - (shown[index - 1] ?? number) > 1 && (
              <span className="ketenregie-pagination__gap" aria-hidden="true">
                …{' '}
              </span>
            )}
            <Link
              className={
                number === page ? 'utrecht-pagination__page-link utrecht-pagination__page-link--current' : 'utrecht-pagination__page-link'
              }
              aria-current={number === page ? 'page' : undefined}
              aria-label={t('pagination.page', { page: number })}
              to={to(number)}
            >
              {number}
            </Link>
          </li>
        ))}
        {page < pages && (
          <li>
            <Link className="utrecht-pagination__relative-link utrecht-pagination__relative-link--next" rel="next" to={to(page + 1)}>
              {t('pagination.next')}
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
};
