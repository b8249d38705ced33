/**
 * A start-up failure the operator can fix (bad setting, unreachable server, port taken). `main`
 * prints only its message, as one line on stderr, because a stack trace would bury the one thing
 * to do.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

export const isStartupError = (error: unknown): error is StartupError => error instanceof StartupError;
