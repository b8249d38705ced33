import { createProgressReporter, formatDuration, formatProgressLine } from './progress';

describe('progress bar', () => {
  it('formats done / total, percentage, rate and ETA', () => {
    expect(formatProgressLine({ label: 'p', done: 2_500, total: 10_000, rate: 500, barWidth: 10 })).toBe(
      'p [###-------] 2,500/10,000 events 25.0% 500 events/s ETA 0:15',
    );
    expect(formatProgressLine({ label: 'p', done: 10, total: 10, rate: 0, barWidth: 4 })).toBe(
      'p [####] 10/10 events 100.0% 0 events/s ETA 0:00',
    );
    expect(formatProgressLine({ label: 'p', done: 0, total: 10, rate: 0, barWidth: 4 })).toContain('ETA --:--');
  });

  it('formats durations as m:ss or h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(61)).toBe('1:01');
    expect(formatDuration(3_725)).toBe('1:02:05');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('--:--');
  });

  it('redraws in place on a terminal and prints periodic lines otherwise', () => {
    let clock = 0;
    const tty: string[] = [];
    const onTerminal = createProgressReporter({
      label: 'p',
      stream: { write: (text: string) => tty.push(text), isTTY: true },
      now: () => clock,
    });
    const log: string[] = [];
    const inLog = createProgressReporter({
      label: 'p',
      stream: { write: (text: string) => log.push(text), isTTY: false },
      lineIntervalMs: 1_000,
      now: () => clock,
    });
    for (let step = 0; step <= 20; step++) {
      clock = step * 250;
      onTerminal.update(step * 100, 2_000);
      inLog.update(step * 100, 2_000);
    }
    onTerminal.finish(2_000, 2_000);
    inLog.finish(2_000, 2_000);

    expect(tty.every((text) => text.startsWith('\r\x1b[2K'))).toBe(true);
    expect(tty.slice(0, -1).some((text) => text.includes('\n'))).toBe(false);
    expect(tty.at(-1)).toMatch(/2,000\/2,000 events 100\.0% 400 events\/s ETA 0:00\n$/);
    // 21 updates over 5 s at one line per second, plus the final line.
    expect(log).toHaveLength(7);
    expect(log.every((text) => text.endsWith('\n') && !text.includes('\r'))).toBe(true);
  });
});
