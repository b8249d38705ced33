import { Client } from 'pg';
import type { ErasureReason, FamilyKeyStore } from './family-key-store';
import { FAMILY_ERASED_CHANNEL } from './family-key-store';

export type ErasureListener = {
  /** Resolves once the first LISTEN is in place. */
  ready: Promise<void>;
  close: () => Promise<void>;
};

export type ErasureListenerOptions = {
  connectionString: string;
  keys: FamilyKeyStore;
  /** Operator-facing note when the connection fails; it is retried, so this is not fatal. */
  onError?: (error: unknown) => void;
  reconnectDelayMs?: number;
  applicationName?: string;
};

const reasons = new Set<ErasureReason>(['request', 'retention-expired']);

const parse = (payload: string | undefined): { familyId: string; erasedAt: Date; reason: ErasureReason } | undefined => {
  try {
    const value = JSON.parse(payload ?? '') as { familyId?: unknown; erasedAt?: unknown; reason?: unknown };
    const erasedAt = typeof value.erasedAt === 'string' ? new Date(value.erasedAt) : undefined;
    if (typeof value.familyId !== 'string' || !erasedAt || Number.isNaN(erasedAt.getTime())) return undefined;
    if (!reasons.has(value.reason as ErasureReason)) return undefined;
    return { familyId: value.familyId, erasedAt, reason: value.reason as ErasureReason };
  } catch {
    return undefined;
  }
};

/**
 * Keeps one connection listening for erasures committed by any process (an operator's CLI, another
 * API process) and marks the family erased in this process's key cache at once. Without it another
 * process would go on opening the family's data until its cached key expired (at most the cache
 * TTL, which stays the bound while the connection is down: after a reconnect the cache is dropped).
 */
export const listenForFamilyErasures = (options: ErasureListenerOptions): ErasureListener => {
  const reconnectDelayMs = options.reconnectDelayMs ?? 1_000;
  let closed = false;
  let client: Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let connectedOnce = false;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const connect = async (): Promise<void> => {
    if (closed) return;
    const next = new Client({
      connectionString: options.connectionString,
      application_name: options.applicationName ?? 'ketenregie-erasures',
    });
    client = next;
    next.on('notification', (message) => {
      if (message.channel !== FAMILY_ERASED_CHANNEL) return;
      const erasure = parse(message.payload);
      if (erasure) options.keys.noteErased(erasure.familyId, erasure);
    });
    const retry = (error: unknown): void => {
      if (closed || client !== next) return;
      client = undefined;
      options.onError?.(error);
      void next.end().catch(() => undefined);
      timer = setTimeout(() => void connect(), reconnectDelayMs);
    };
    next.on('error', retry);
    next.on('end', () => retry(new Error('erasure notification connection ended')));
    try {
      await next.connect();
      await next.query(`listen ${FAMILY_ERASED_CHANNEL}`);
      // Announcements sent while no connection listened are lost: forget the cached keys so each
      // family's status is read again.
      if (connectedOnce) options.keys.forgetCachedKeys();
      connectedOnce = true;
      markReady();
    } catch (error) {
      retry(error);
    }
  };

  void connect();
  return {
    ready,
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      const current = client;
      client = undefined;
      markReady();
      await current?.end().catch(() => undefined);
    },
  };
};
