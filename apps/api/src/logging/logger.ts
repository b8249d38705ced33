import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { LogLevel } from '../config/config';

export type { Logger };

/**
 * The one root logger: JSON lines on stdout. Fields are chosen at each call site; nothing logs
 * request bodies, query strings or headers, so personal data never reaches the log.
 */
export const createLogger = (level: LogLevel, destination?: DestinationStream): Logger =>
  pino(
    {
      level,
      base: { service: 'ketenregie-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Belt and braces: should a request or error object ever be logged whole, these stay out.
      redact: {
        paths: ['req.headers.cookie', 'req.headers.authorization', 'headers.cookie', 'headers.authorization', 'password'],
        censor: '[redacted]',
      },
    },
    destination,
  );

/** Class, message and code of an error; never the driver's `detail`, query or parameters. */
export const errorFields = (error: unknown): Record<string, unknown> => {
  if (!(error instanceof Error)) return { errorClass: typeof error };
  const code = (error as { code?: unknown }).code;
  return {
    errorClass: error.constructor.name || error.name,
    errorMessage: error.message,
    ...(typeof code === 'string' ? { errorCode: code } : {}),
    stack: error.stack,
  };
};
