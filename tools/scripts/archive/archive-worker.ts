// One thread of the archive generator: generates the cases it is asked for, seals them with the
// keys the main thread created for their families, and serialises them for the append statement,
// so the main thread is left little more than sending the statement.
import { parentPort, workerData } from 'node:worker_threads';
import { sealNewStreamEvents } from '@ketenregie/access-server';
import type { FamilyKey } from '@ketenregie/access-server';
import { casesPersonalDataRegistry } from '@ketenregie/cases-server';
import { generateArchiveCase } from '@ketenregie/demo';
import type { ArchiveOptions, ArchiveTruth } from '@ketenregie/demo';
import { serializeNewStreams } from '@ketenregie/event-store';
import type { NewStream } from '@ketenregie/event-store';
import type { WorkerJob, WorkerReply, TransferredKey } from './archive-worker-protocol';

const options = workerData as ArchiveOptions;

const keyOf = (transferred: TransferredKey): FamilyKey =>
  transferred.status === 'active'
    ? { status: 'active', key: Buffer.from(transferred.key), keyVersion: transferred.keyVersion }
    : { status: 'erased', erasedAt: new Date(transferred.erasedAt), reason: transferred.reason };

const run = (job: WorkerJob): WorkerReply => {
  const keys = new Map<string, FamilyKey>(job.keys.map(([familyId, key]) => [familyId, keyOf(key)]));
  const streams: NewStream[] = [];
  const truths: ArchiveTruth[] = [];
  for (let index = job.first; index < job.first + job.count; index += 1) {
    const generated = generateArchiveCase(options, index);
    streams.push({ streamId: generated.streamId, events: sealNewStreamEvents(casesPersonalDataRegistry, generated.events, keys) });
    truths.push(generated.truth);
  }
  return { id: job.id, batch: serializeNewStreams(streams), truths };
};

parentPort?.postMessage('ready');
parentPort?.on('message', (job: WorkerJob) => {
  let reply: WorkerReply;
  try {
    reply = run(job);
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  parentPort?.postMessage(reply);
});
