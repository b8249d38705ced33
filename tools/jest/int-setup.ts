import { randomBytes } from 'node:crypto';

// Integration tests talk to a real database server; generous per-test time, no timed assertions.
jest.setTimeout(120_000);
// With DATABASE_URL the app and its scripts require a master key; every process a test file starts
// inherits this one, so they all open the same family keys.
process.env.MASTER_KEY ??= randomBytes(32).toString('base64');
