import type { LoadResult } from './load';
import { failures } from './load';

export type Line = {
  label: string;
  /** How a check names the line when its label is an indented sub-line. */
  name?: string;
  value: number | null;
  unit: 'ms' | '/s' | 'count' | '%';
  /** `max`: the value must not exceed the target; `min`: it must reach it. */
  target?: { bound: 'min' | 'max'; value: number };
};

export type Check = { line: string; value: number | null; target: string; ok: boolean };

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const formatValue = (value: number | null, unit: Line['unit']): string => {
  if (value === null || Number.isNaN(value)) return 'n/a';
  if (unit === '%') return `${integer.format(value)} %`;
  if (unit === 'ms') return `${value < 10 ? decimal.format(value) : integer.format(value)} ms`;
  return unit === '/s' ? `${integer.format(value)}/s` : integer.format(value);
};

const targetText = (line: Line): string =>
  line.target ? `${line.target.bound === 'min' ? '≥' : '≤'} ${formatValue(line.target.value, line.unit)}` : '';

export const checkOf = (line: Line): Check | null => {
  if (!line.target) return null;
  const ok =
    line.value !== null &&
    !Number.isNaN(line.value) &&
    (line.target.bound === 'min' ? line.value >= line.target.value : line.value <= line.target.value);
  return { line: line.name ?? line.label.trim(), value: line.value, target: targetText(line), ok };
};

const nonOk = (result: LoadResult | undefined): number | null =>
  result ? Object.values(failures(result)).reduce((sum, count) => sum + count, 0) + result.connectionErrors : null;

/** Rate, p50, p99 and failed requests of a command phase, with the targets. */
export const commandLines = (label: string, result: LoadResult | undefined): Line[] => [
  { label: `${label}, commands/s`, value: result?.okPerSecond ?? null, unit: '/s', target: { bound: 'min', value: 500 } },
  { label: '  p50 latency', value: result?.p50Ms ?? null, unit: 'ms' },
  { label: '  p99 latency', name: `${label}, p99`, value: result?.p99Ms ?? null, unit: 'ms', target: { bound: 'max', value: 50 } },
  {
    label: '  non-2xx responses and connection errors',
    name: `${label}, failed requests`,
    value: nonOk(result),
    unit: 'count',
    target: { bound: 'max', value: 0 },
  },
];

/**
 * A command phase next to the floor: its rate as a share of the floor's at the same number of
 * connections (target where given), its latency (p99 target where given) and CPU per command.
 */
export const commandVersusFloorLines = (
  label: string,
  result: LoadResult | undefined,
  floor: LoadResult | undefined,
  targets: { minFloorPercent?: number; maxP99Ms?: number },
): Line[] => {
  const share = result && floor && floor.okPerSecond > 0 ? (result.okPerSecond / floor.okPerSecond) * 100 : null;
  return [
    { label: `${label}, commands/s`, value: result?.okPerSecond ?? null, unit: '/s' },
    {
      label: '  share of the floor',
      name: `${label}, share of the floor`,
      value: share,
      unit: '%',
      ...(targets.minFloorPercent !== undefined ? { target: { bound: 'min' as const, value: targets.minFloorPercent } } : {}),
    },
    { label: '  p50 latency', value: result?.p50Ms ?? null, unit: 'ms' },
    {
      label: '  p99 latency',
      name: `${label}, p99`,
      value: result?.p99Ms ?? null,
      unit: 'ms',
      ...(targets.maxP99Ms !== undefined ? { target: { bound: 'max' as const, value: targets.maxP99Ms } } : {}),
    },
    { label: '  CPU of the API process per command', value: result?.cpuMsPerRequest.api ?? null, unit: 'ms' },
    { label: '  CPU of PostgreSQL per command', value: result?.cpuMsPerRequest.postgres ?? null, unit: 'ms' },
    {
      label: '  non-2xx responses and connection errors',
      name: `${label}, failed requests`,
      value: nonOk(result),
      unit: 'count',
      target: { bound: 'max', value: 0 },
    },
  ];
};

/** One row per command phase, side by side with the floor at the same number of connections. */
export const renderFloorTable = (
  phases: { label: string; connections: number; result: LoadResult | undefined; floor: LoadResult | undefined }[],
): string => {
  const ms = (value: number | null | undefined): string =>
    value === null || value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(1);
  const rows = phases.map(({ label, connections, result, floor }) => [
    label,
    String(connections),
    result ? integer.format(result.okPerSecond) : 'n/a',
    result && floor && floor.okPerSecond > 0 ? `${integer.format((result.okPerSecond / floor.okPerSecond) * 100)} %` : 'n/a',
    ms(result?.p50Ms),
    ms(result?.p99Ms),
    ms(result?.cpuMsPerRequest.api),
    ms(result?.cpuMsPerRequest.postgres),
  ]);
  return renderColumns(
    ['command', 'conns', 'per s', 'of floor', 'p50 ms', 'p99 ms', 'CPU API ms', 'CPU PG ms'],
    rows,
    new Set([1, 2, 3, 4, 5, 6, 7]),
  );
};

/** Latency lines of a query phase; the target applies to p99. */
export const queryLines = (label: string, result: LoadResult | undefined, p99Target: number): Line[] => [
  { label: `${label}, requests/s`, value: result?.okPerSecond ?? null, unit: '/s' },
  { label: '  p50 latency', value: result?.p50Ms ?? null, unit: 'ms' },
  { label: '  p99 latency', name: `${label}, p99`, value: result?.p99Ms ?? null, unit: 'ms', target: { bound: 'max', value: p99Target } },
  {
    label: '  non-2xx responses and connection errors',
    name: `${label}, failed requests`,
    value: nonOk(result),
    unit: 'count',
    target: { bound: 'max', value: 0 },
  },
];

export const renderTable = (lines: Line[]): string => {
  const header = ['figure', 'value', 'target', ''];
  const rows = lines.map((line) => {
    const check = checkOf(line);
    return [line.label, formatValue(line.value, line.unit), check?.target ?? '', check ? (check.ok ? '✓' : '✗') : ''];
  });
  return renderColumns(header, rows, new Set([1]));
};

export const renderColumns = (header: string[], rows: string[][], rightAligned: Set<number>): string => {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const render = (row: string[]): string =>
    row
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [render(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(render)].join('\n');
};

/**
 * CPU per request of each phase (load generator, API process, PostgreSQL) and the database work
 * behind it. Two cores give 2,000 ms of CPU per second, so 500 commands/s leaves 4 ms per command
 * for all three together; CPU per request moves far less with other load than rates do.
 */
export const renderCpuTable = (phases: { label: string; result: LoadResult | undefined }[]): string => {
  const cell = (value: number | null | undefined): string =>
    value === null || value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(2);
  const rows = phases.map(({ label, result }) => {
    const cpu = result?.cpuMsPerRequest;
    const total = cpu && cpu.api !== null && cpu.postgres !== null ? cpu.loadGenerator + cpu.api + cpu.postgres : null;
    const database = result?.database;
    return [
      label,
      cell(cpu?.loadGenerator),
      cell(cpu?.api),
      cell(cpu?.postgres),
      cell(total),
      database ? database.commitsPerRequest.toFixed(1) : 'n/a',
      database ? integer.format(database.walBytesPerRequest) : 'n/a',
    ];
  });
  return renderColumns(
    ['per request', 'CPU autocannon ms', 'CPU API ms', 'CPU PostgreSQL ms', 'CPU total ms', 'PG transactions', 'WAL bytes'],
    rows,
    new Set([1, 2, 3, 4, 5, 6]),
  );
};
