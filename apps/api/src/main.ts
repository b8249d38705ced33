// Must come first: every later import may use the @ketenregie/* aliases.
import './register-aliases';
import { startApi } from './bootstrap';
import { loadConfig } from './config/config';
import type { Logger } from './logging/logger';
import { createLogger, errorFields } from './logging/logger';
import { isStartupError } from './startup-error';

const fail = (error: unknown, logger?: Logger): never => {
  // The operator gets one line to act on; the details, if any, go to the structured log.
  if (isStartupError(error)) {
    process.stderr.write(`Ketenregie cannot start: ${error.message}\n`);
  } else {
    logger?.error(errorFields(error), 'start-up failed');
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    process.stderr.write(`Ketenregie cannot start: ${message} (details in the log above)\n`);
  }
  process.exit(1);
};

const main = async (): Promise<void> => {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    return fail(error);
  }
  const logger = createLogger(config.logLevel);
  try {
    await startApi({ config, logger, shutdownHooks: true });
  } catch (error) {
    fail(error, logger);
  }
};

void main();
