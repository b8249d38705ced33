// The archive generator's worker threads: each generates, seals and serialises whole batches of
// cases; this thread creates the batch's family keys (one statement) before handing it over and
// appends what comes back. A case is generated from its own seed, so the archive is the same
// whatever the number of workers.
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FamilyKey, FamilyKeyStore } from '@ketenregie/access-server';
import { archiveFamilyId } from '@ketenregie/demo';
import type { ArchiveDelivery, ArchiveOptions, ArchiveProducer, ProducedBatch } from '@ketenregie/demo';
import type { PostgresEventStore, SerializedNewStreams } from '@ketenregie/event-store';
import type { TransferredKey, WorkerJob, WorkerReply } from './archive-worker-protocol';

const root = resolve(__dirname, '../../..');

export type ArchiveWorkers = ArchiveProducer & {
  /** Settles once every worker has loaded its sources (compiled on start, some hundreds of ms each). */
  ready: Promise<void>;
  close: () => Promise<void>;
};

const transferred = (key: FamilyKey): TransferredKey =>
  key.status === 'active'
    ? { status: 'active', key: new Uint8Array(key.key), keyVersion: key.keyVersion }
    : { status: 'erased', erasedAt: key.erasedAt.toISOString(), reason: key.reason };

export const startArchiveWorkers = (
  count: number,
  options: ArchiveOptions,
  keys: Pick<FamilyKeyStore, 'createKeys'>,
  store: Pick<PostgresEventStore, 'appendSerializedNewStreams'>,
  /** How the mail of a batch's past ended, recorded before the batch is appended (`ArchiveSink.recordDeliveries`). */
  recordDeliveries: (deliveries: ArchiveDelivery[]) => Promise<unknown>,
): ArchiveWorkers => {
  // Loaded through the repository's TypeScript hook, as the scripts and benchmarks are.
  const source = `require(${JSON.stringify(join(root, 'tools/scripts/run-ts.cjs'))}); require(${JSON.stringify(join(__dirname, 'archive-worker.ts'))});`;
  const workers = Array.from({ length: Math.max(1, count) }, () => new Worker(source, { eval: true, workerData: options }));
  const idle = [...workers];
  const waiting: ((worker: Worker) => void)[] = [];
  const pending = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>();
  let failure: Error | undefined;
  let nextId = 0;
  const ready = Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((done, fail) => {
          worker.once('message', () => done());
          worker.once('error', fail);
        }),
    ),
  ).then(() => undefined);
  for (const worker of workers) {
    worker.on('message', (reply: WorkerReply | 'ready') => {
      if (reply === 'ready') return;
      const job = pending.get(reply.id);
      pending.delete(reply.id);
      const next = waiting.shift();
      if (next) next(worker);
      else idle.push(worker);
      job?.resolve(reply);
    });
    worker.on('error', (error) => {
      failure = error;
      for (const job of pending.values()) job.reject(error);
      pending.clear();
    });
  }
  const acquire = (): Promise<Worker> => {
    const worker = idle.pop();
    return worker ? Promise.resolve(worker) : new Promise((done) => waiting.push(done));
  };

  const produce = async (first: number, cases: number): Promise<ProducedBatch> => {
    await ready;
    if (failure) throw failure;
    const familyIds = Array.from({ length: cases }, (_, offset) => archiveFamilyId(first + offset));
    const familyKeys = await keys.createKeys(familyIds);
    const worker = await acquire();
    const id = nextId++;
    const reply = await new Promise<WorkerReply>((resolveReply, reject) => {
      pending.set(id, { resolve: resolveReply, reject });
      const job: WorkerJob = { id, first, count: cases, keys: [...familyKeys].map(([familyId, key]) => [familyId, transferred(key)]) };
      worker.postMessage(job);
    });
    if ('error' in reply) throw new Error(`An archive worker failed: ${reply.error}`);
    const batch: SerializedNewStreams = reply.batch;
    const { deliveries } = reply;
    return {
      events: batch.events,
      truths: reply.truths,
      append: async () => {
        await recordDeliveries(deliveries);
        return store.appendSerializedNewStreams(batch);
      },
    };
  };

  return {
    produce,
    ready,
    depth: workers.length + 1,
    close: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
};
