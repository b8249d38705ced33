import type { AppendResult, CatchUpResult, PhaseResult, ReadAllResult, SystemName } from './store-bench-protocol';
import { SYSTEMS } from './store-bench-protocol';

export type SystemResults = {
  notes: string[];
  results: Partial<Record<string, PhaseResult>>;
  errors: Partial<Record<string, string>>;
  /** Results that were measured but are not correct, e.g. a read model missing events. */
  warnings: string[];
};

export type Figures = Record<SystemName, SystemResults>;

type Direction = 'higher' | 'lower';

export type Line = {
  id: string;
  label: string;
  unit: string;
  direction: Direction;
  /** Absolute target for ketenregie, when the line has one. */
  target?: number;
  values: Record<SystemName, number | null>;
};

export type Check = {
  line: string;
  target: string;
  value: number | null;
  emmett: number | null;
  meetsTarget: boolean | null;
  notSlowerThanEmmett: boolean | null;
  ok: boolean;
};

const appendOf = (figures: Figures, system: SystemName, phase: string): AppendResult | null => {
  const result = figures[system].results[phase];
  return result?.kind === 'append' ? result : null;
};

const readAllOf = (figures: Figures, system: SystemName): ReadAllResult | null => {
  const result = figures[system].results['read-all'];
  return result?.kind === 'read-all' ? result : null;
};

const catchUpOf = (figures: Figures, system: SystemName): CatchUpResult | null => {
  const result = figures[system].results['catch-up'];
  return result?.kind === 'catch-up' ? result : null;
};

const per = (pick: (system: SystemName) => number | null): Record<SystemName, number | null> =>
  Object.fromEntries(SYSTEMS.map((system) => [system, pick(system)])) as Record<SystemName, number | null>;

export const buildLines = (figures: Figures): Line[] => {
  const append = (phase: string, field: 'appendsPerSecond' | 'eventsPerSecond' | 'p50Ms' | 'p99Ms') =>
    per((system) => appendOf(figures, system, phase)?.[field] ?? null);
  return [
    {
      id: 'single-1.rate',
      label: 'single-event appends/s, 1 conn',
      unit: '/s',
      direction: 'higher',
      values: append('single-1', 'appendsPerSecond'),
    },
    { id: 'single-1.p50', label: '  p50 latency, 1 conn', unit: 'ms', direction: 'lower', values: append('single-1', 'p50Ms') },
    { id: 'single-1.p99', label: '  p99 latency, 1 conn', unit: 'ms', direction: 'lower', values: append('single-1', 'p99Ms') },
    {
      id: 'single-16.rate',
      label: 'single-event appends/s, 16 conns',
      unit: '/s',
      direction: 'higher',
      target: 3000,
      values: append('single-16', 'appendsPerSecond'),
    },
    { id: 'single-16.p50', label: '  p50 latency, 16 conns', unit: 'ms', direction: 'lower', values: append('single-16', 'p50Ms') },
    {
      id: 'single-16.p99',
      label: '  p99 latency, 16 conns',
      unit: 'ms',
      direction: 'lower',
      target: 20,
      values: append('single-16', 'p99Ms'),
    },
    {
      id: 'batch-16.rate',
      label: 'batched appends (10 ev), 16 conns, events/s',
      unit: '/s',
      direction: 'higher',
      target: 15000,
      values: append('batch-16', 'eventsPerSecond'),
    },
    {
      id: 'read-all.rate',
      label: 'read-all (pages of 1,000), events/s',
      unit: '/s',
      direction: 'higher',
      target: 50000,
      values: per((system) => readAllOf(figures, system)?.eventsPerSecond ?? null),
    },
    {
      id: 'catch-up.rate',
      label: 'projection catch-up (per-type counts), events/s',
      unit: '/s',
      direction: 'higher',
      target: 20000,
      values: per((system) => catchUpOf(figures, system)?.eventsPerSecond ?? null),
    },
  ];
};

const meets = (value: number, reference: number, direction: Direction): boolean =>
  direction === 'higher' ? value >= reference : value <= reference;

export const checkLines = (lines: Line[]): Check[] =>
  lines.map((line) => {
    const value = line.values.ketenregie;
    const emmett = line.values.emmett;
    const meetsTarget = line.target === undefined || value === null ? null : meets(value, line.target, line.direction);
    const notSlowerThanEmmett = value === null || emmett === null ? null : meets(value, emmett, line.direction);
    return {
      line: line.label.trim(),
      target: targetText(line),
      value,
      emmett,
      meetsTarget,
      notSlowerThanEmmett,
      ok: value !== null && meetsTarget !== false && notSlowerThanEmmett !== false,
    };
  });

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

const formatValue = (value: number | null, unit: string): string => {
  if (value === null || Number.isNaN(value)) return 'n/a';
  return unit === 'ms' ? `${value < 10 ? decimal.format(value) : integer.format(value)} ms` : integer.format(value);
};

const targetText = (line: Line): string => {
  const vsEmmett = line.direction === 'higher' ? '≥ Emmett' : '≤ Emmett';
  if (line.target === undefined) return vsEmmett;
  const bound = line.direction === 'higher' ? '≥' : '≤';
  return `${bound} ${formatValue(line.target, line.unit)}, ${vsEmmett}`;
};

export const renderTable = (lines: Line[], checks: Check[]): string => {
  const header = ['figure', 'ketenregie', 'raw pg', 'emmett', 'ketenregie target', ''];
  const rows = lines.map((line, i) => [
    line.label,
    formatValue(line.values.ketenregie, line.unit),
    formatValue(line.values['raw-pg'], line.unit),
    formatValue(line.values.emmett, line.unit),
    checks[i].target,
    checks[i].value === null ? '?' : checks[i].ok ? '✓' : '✗',
  ]);
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const rightAligned = new Set([1, 2, 3]);
  const render = (row: string[]): string =>
    row
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [render(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(render)].join('\n');
};

const cpuCell = (client: number | undefined, server: number | null | undefined): string => {
  if (client === undefined) return 'n/a';
  const format = (value: number): string => value.toFixed(value < 10 ? 2 : 0);
  return `${format(client)} + ${server === null || server === undefined ? '?' : format(server)}`;
};

/**
 * CPU per operation, benchmark process + PostgreSQL server. On a 2-core machine the sum bounds
 * throughput (2,000 ms of CPU per second), and it is far less disturbed by other load than rates.
 */
export const renderCpuTable = (figures: Figures): string => {
  const rows: { label: string; cell: (system: SystemName) => string }[] = [
    ...(['single-1', 'single-16', 'batch-16'] as const).map((phase) => ({
      label: `append ${phase}, ms per append`,
      cell: (system: SystemName) => {
        const result = appendOf(figures, system, phase);
        return cpuCell(result?.clientCpuMsPerAppend, result?.serverCpuMsPerAppend);
      },
    })),
    {
      label: 'read-all, ms per 1,000 events',
      cell: (system: SystemName) => {
        const result = readAllOf(figures, system);
        return cpuCell(result?.clientCpuMsPerThousand, result?.serverCpuMsPerThousand);
      },
    },
    {
      label: 'catch-up, ms per 1,000 events',
      cell: (system: SystemName) => {
        const result = catchUpOf(figures, system);
        return cpuCell(result?.clientCpuMsPerThousand, result?.serverCpuMsPerThousand);
      },
    },
  ];
  const header = ['CPU (client + server)', 'ketenregie', 'raw pg', 'emmett'];
  const table = rows.map((row) => [row.label, ...SYSTEMS.map((system) => row.cell(system))]);
  const widths = header.map((cell, column) => Math.max(cell.length, ...table.map((row) => row[column].length)));
  const render = (row: string[]): string =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [render(header), widths.map((width) => '-'.repeat(width)).join('  '), ...table.map(render)].join('\n');
};
