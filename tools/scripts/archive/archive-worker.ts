// One thread of the archive generator: generates the cases it is asked for, seals them (each case's
// stream and its feedback stream) with the keys the main thread created for their families, and
// serialises them for the append statement, so the main thread is left little more than sending
// the statement.
import { parentPort, workerData } from 'node:worker_threads';
import { sealNewStreamEvents } from '@ketenregie/access-server';
import type { FamilyKey } from '@ketenregie/access-server';
import { archiveStreams, generateArchiveCase } from '@ketenregie/demo';
import type { ArchiveDelivery, ArchiveOptions, ArchiveTruth } from '@ketenregie/demo';
import { serializeNewStreams } from '@ketenregie/event-store';
import type { NewStream } from '@ketenregie/event-store';
import { archivePersonalDataRegistry } from './archive-personal-data';
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
  const deliveries: ArchiveDelivery[] = [];
  for (let index = job.first; index < job.first + job.count; index += 1) {
    const generated = generateArchiveCase(options, index);
    for (const stream of archiveStreams(generated)) {
      streams.push({ streamId: stream.streamId, events: sealNewStreamEvents(archivePersonalDataRegistry, stream.events, keys) });
    }
    truths.push(generated.truth);
    deliveries.push(...generated.deliveries);
  }
  return { id: job.id, batch: serializeNewStreams(streams), truths, deliveries };
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
