import type { ErasureReason } from '@ketenregie/access-server';
import type { ArchiveDelivery, ArchiveTruth } from '@ketenregie/demo';
import type { SerializedNewStreams } from '@ketenregie/event-store';

/** A family's key as it crosses to a worker thread (structured clone keeps bytes, not Buffers). */
export type TransferredKey =
  { status: 'active'; key: Uint8Array; keyVersion: number } | { status: 'erased'; erasedAt: string; reason: ErasureReason };

export type WorkerJob = { id: number; first: number; count: number; keys: [string, TransferredKey][] };

export type WorkerReply =
  { id: number; batch: SerializedNewStreams; truths: ArchiveTruth[]; deliveries: ArchiveDelivery[] } | { id: number; error: string };
