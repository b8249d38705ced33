import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Actor, CommandMetadata } from '@ketenregie/kernel';

export type RequestContext = {
  requestId: string;
};

const storage = new AsyncLocalStorage<RequestContext>();

// A caller-supplied id is echoed into logs and headers, so only a plain token is accepted.
const acceptableRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

export const requestIdFrom = (header: string | string[] | undefined): string => {
  const value = Array.isArray(header) ? header[0] : header;
  return value && acceptableRequestId.test(value) ? value : randomUUID();
};

export const runWithRequestContext = <T>(context: RequestContext, callback: () => T): T => storage.run(context, callback);

export const currentRequestId = (): string | undefined => storage.getStore()?.requestId;

/**
 * Metadata for a command sent from an HTTP request: the request id becomes the correlation id,
 * so every event a request causes can be traced back to it (and to its log lines).
 */
export const commandMetadata = (actor: Actor, now: Date = new Date()): CommandMetadata => ({
  now,
  actor,
  correlationId: currentRequestId() ?? randomUUID(),
});
