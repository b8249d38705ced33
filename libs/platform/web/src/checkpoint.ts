/**
 * Read-your-writes: every command answers with a checkpoint, and reads pass the newest one as
 * `?after=` so a list or page opened right after a change shows it, instead of the read model's
 * state from just before. Checkpoints are opaque to the client; the newest one written wins.
 */
let newest: string | undefined;

export const rememberCheckpoint = (checkpoint: string): void => {
  newest = checkpoint;
};

/** The `after` query parameter for the next read, if this tab has written anything. */
export const lastCheckpoint = (): string | undefined => newest;

/** On sign-out: the next person's reads owe nothing to what the previous one wrote. */
export const forgetCheckpoint = (): void => {
  newest = undefined;
};
