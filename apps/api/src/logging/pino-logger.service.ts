import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import type { Level } from 'pino';
import type { Logger } from './logger';
import { errorFields } from './logger';

const nestToPino: Record<NestLogLevel, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** Lets Nest's own messages (routes mapped, lifecycle, uncaught errors) flow into the pino stream. */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: NestLogLevel, message: unknown, params: unknown[]): void {
    // Nest passes the context (class name) last; `error` may put a stack trace before it.
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (level === 'error' && typeof rest[0] === 'string') fields['stack'] = rest[0];
    const target = this.logger[nestToPino[level]].bind(this.logger);
    if (message instanceof Error) {
      target({ ...fields, ...errorFields(message) }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      target({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      target(fields, String(message));
    }
  }
}
