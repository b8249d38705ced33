/**
 * One flush for every caller waiting at the same time. A flush of the log covers every commit
 * recorded before it is sent, so a caller whose commit is done may take any flush sent after that.
 * One that comes while a flush is under way cannot know whether that one was sent before its
 * commit, so it waits for the next, which every caller arriving meanwhile shares: one statement
 * and one disk write per round of flushes instead of one per command, and never an answer before
 * its own commit is on disk.
 */
export const sharedFlush = (flush: () => Promise<void>): (() => Promise<void>) => {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const start = (): Promise<void> => {
    const current = flush();
    running = current;
    const clear = () => {
      if (running === current) running = undefined;
    };
    current.then(clear, clear);
    return current;
  };
  return () => {
    if (!running) return start();
    const next = () => {
      queued = undefined;
      return start();
    };
    queued ??= running.then(next, next);
    return queued;
  };
};
