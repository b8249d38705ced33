/** A text progress bar for long-running scripts (projection rebuilds): done / total, rate, ETA. */

export type ProgressLine = {
  label: string;
  done: number;
  total: number;
  /** Events per second. */
  rate: number;
  barWidth?: number;
};

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const formatDuration = (seconds: number): string => {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const mmss = `${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
};

export const formatProgressLine = ({ label, done, total, rate, barWidth = 30 }: ProgressLine): string => {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * barWidth);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}`;
  const remaining = Math.max(0, total - done);
  const eta = remaining === 0 ? formatDuration(0) : rate > 0 ? formatDuration(remaining / rate) : '--:--';
  return (
    `${label} [${bar}] ${numberFormat.format(done)}/${numberFormat.format(total)} events ` +
    `${(fraction * 100).toFixed(1)}% ${numberFormat.format(rate)} events/s ETA ${eta}`
  );
};

export type ProgressStream = {
  write: (text: string) => unknown;
  isTTY?: boolean;
};

export type ProgressReporterOptions = {
  label: string;
  stream: ProgressStream;
  /** Redraw in place (`\r`); defaults to whether the stream is a terminal. */
  inPlace?: boolean;
  /** Shortest time between two redraws on a terminal. */
  redrawMs?: number;
  /** Time between two printed lines when not on a terminal (logs, CI). */
  lineIntervalMs?: number;
  now?: () => number;
};

export type ProgressReporter = {
  update: (done: number, total: number) => void;
  /** Prints the final state (always) and ends the line. */
  finish: (done: number, total: number) => void;
};

export const createProgressReporter = (options: ProgressReporterOptions): ProgressReporter => {
  const now = options.now ?? Date.now;
  const inPlace = options.inPlace ?? options.stream.isTTY === true;
  const interval = inPlace ? (options.redrawMs ?? 100) : (options.lineIntervalMs ?? 5_000);
  const startedAt = now();
  let firstDone: number | null = null;
  let lastPrintAt = Number.NEGATIVE_INFINITY;

  // The rate counts only this run's work, so a resumed rebuild does not report a burst.
  const line = (done: number, total: number): string => {
    firstDone ??= done;
    const seconds = (now() - startedAt) / 1000;
    const rate = seconds > 0 ? (done - firstDone) / seconds : 0;
    return formatProgressLine({ label: options.label, done, total, rate });
  };

  const print = (text: string, final: boolean): void => {
    if (inPlace) options.stream.write(`\r\x1b[2K${text}${final ? '\n' : ''}`);
    else options.stream.write(`${text}\n`);
  };

  return {
    update: (done, total) => {
      const text = line(done, total);
      const at = now();
      if (at - lastPrintAt < interval) return;
      lastPrintAt = at;
      print(text, false);
    },
    finish: (done, total) => print(line(done, total), true),
  };
};
