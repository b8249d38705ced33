import type { EventToAppend, NewStream } from '@ketenregie/event-store';
import type { ArchiveDelivery } from './archive-feedback';
import { generateArchiveCase } from './archive-generator';
import type { ArchiveCase, ArchiveOptions, ArchiveTruth } from './archive-generator';

/** Where the archive goes: the store's batched append, with the command path's sealing in front. */
export type ArchiveSink = {
  /** Readies the families' keys in one go, so sealing a batch costs no round trip per family. */
  prepareFamilies: (familyIds: string[]) => Promise<unknown>;
  /** The events as the encrypting event store stores them (personal fields of both the cases' and the feedback context's events sealed). */
  seal: (streamId: string, events: EventToAppend[]) => Promise<EventToAppend[]>;
  /**
   * Records how the mail of the past ended in the delivery worker's own ledger, before the batch
   * that holds it is appended: a message of history is never sent again, not even in the moment
   * between its message and its outcome reaching the outbox.
   */
  recordDeliveries: (deliveries: ArchiveDelivery[]) => Promise<unknown>;
  appendToNewStreams: (streams: NewStream[]) => Promise<{ events: number }>;
};

/** The streams of one case: its own, then its feedback stream when the feedback context wrote to it. */
export const archiveStreams = (generated: ArchiveCase): NewStream[] =>
  generated.feedback.events.length > 0
    ? [
        { streamId: generated.streamId, events: generated.events },
        { streamId: generated.feedback.streamId, events: generated.feedback.events },
      ]
    : [{ streamId: generated.streamId, events: generated.events }];

/**
 * A batch generated and sealed elsewhere (worker threads), ready to append; `append` records its
 * deliveries first, as `ArchiveSink.recordDeliveries` says.
 */
export type ProducedBatch = { events: number; truths: ArchiveTruth[]; append: () => Promise<unknown> };

/**
 * Generates and seals cases away from this thread: `produce(first, count)` answers the cases
 * `first` to `first + count - 1`, each generated from its own seed, so the archive is the same
 * whichever producer made which batch.
 */
export type ArchiveProducer = {
  produce: (first: number, count: number) => Promise<ProducedBatch>;
  /** How many batches to have in production at once (about one per worker, and one more). */
  depth: number;
};

export type SeedArchiveOptions = ArchiveOptions & {
  cases: number;
  /** Events per append statement. */
  batchEvents?: number;
  /** The ground truth of each case, in case order. */
  onTruth?: (truth: ArchiveTruth) => void;
  onProgress?: (progress: SeedProgress) => void;
  /** Checked between batches: a stop leaves whole batches only. */
  stopped?: () => boolean;
};

export type SeedProgress = { cases: number; events: number; openCases: number; elapsedMs: number };

export type SeedResult = SeedProgress & { stopped: boolean };

/**
 * Writes the archive's cases in batches of whole streams, each batch one statement and one
 * transaction, so a stop or a failure leaves whole cases only.
 */
export const seedArchive = async (options: SeedArchiveOptions, sink: ArchiveSink | ArchiveProducer): Promise<SeedResult> => {
  if ('produce' in sink) return seedProduced(options, sink);
  const batchEvents = options.batchEvents ?? 5_000;
  const startedAt = Date.now();
  const progress: SeedProgress = { cases: 0, events: 0, openCases: 0, elapsedMs: 0 };
  let next = 0;
  // Two batches in flight: PostgreSQL stores one while it parses the next, and this process
  // generates a third meanwhile. Reported in case order, whichever commits first.
  const inFlight: Promise<void>[] = [];
  let reported: Promise<void> = Promise.resolve();
  let stopped = false;
  while (next < options.cases) {
    if (options.stopped?.()) {
      stopped = true;
      break;
    }
    const batch: NewStream[] = [];
    const families: string[] = [];
    const truths: ArchiveTruth[] = [];
    const deliveries: ArchiveDelivery[] = [];
    let size = 0;
    while (next < options.cases && size < batchEvents) {
      const generated = generateArchiveCase(options, next);
      next += 1;
      for (const stream of archiveStreams(generated)) {
        batch.push(stream);
        size += stream.events.length;
      }
      families.push(generated.familyId);
      truths.push(generated.truth);
      deliveries.push(...generated.deliveries);
    }
    await sink.prepareFamilies(families);
    const sealed: NewStream[] = [];
    for (const stream of batch) sealed.push({ streamId: stream.streamId, events: await sink.seal(stream.streamId, stream.events) });
    if (inFlight.length >= 2) await inFlight.shift();
    const appended = sink.recordDeliveries(deliveries).then(() => sink.appendToNewStreams(sealed));
    const previous = reported;
    reported = Promise.all([previous, appended]).then(() => {
      progress.cases += truths.length;
      progress.events += size;
      progress.openCases += truths.filter((truth) => truth.open).length;
      progress.elapsedMs = Date.now() - startedAt;
      for (const truth of truths) options.onTruth?.(truth);
      options.onProgress?.({ ...progress });
    });
    inFlight.push(reported);
  }
  await reported;
  return { ...progress, elapsedMs: Date.now() - startedAt, stopped };
};

// About eleven events per case (seven of the case, four of its feedback): batches made elsewhere
// are cut by cases, not events.
export const ARCHIVE_EVENTS_PER_CASE = 11;

const seedProduced = async (options: SeedArchiveOptions, producer: ArchiveProducer): Promise<SeedResult> => {
  const casesPerBatch = Math.max(1, Math.round((options.batchEvents ?? 5_000) / ARCHIVE_EVENTS_PER_CASE));
  const startedAt = Date.now();
  const progress: SeedProgress = { cases: 0, events: 0, openCases: 0, elapsedMs: 0 };
  let next = 0;
  // Batches are produced ahead, in parallel, and appended in case order, two in flight.
  const produced: Promise<ProducedBatch>[] = [];
  const fill = () => {
    while (next < options.cases && produced.length < producer.depth) {
      const count = Math.min(casesPerBatch, options.cases - next);
      produced.push(producer.produce(next, count));
      next += count;
    }
  };
  const inFlight: Promise<void>[] = [];
  let reported: Promise<void> = Promise.resolve();
  let stopped = false;
  fill();
  try {
    while (produced.length > 0) {
      if (options.stopped?.()) {
        stopped = true;
        break;
      }
      const batch = await (produced.shift() as Promise<ProducedBatch>);
      fill();
      if (inFlight.length >= 2) await inFlight.shift();
      const appended = batch.append();
      const previous = reported;
      reported = Promise.all([previous, appended]).then(() => {
        progress.cases += batch.truths.length;
        progress.events += batch.events;
        progress.openCases += batch.truths.filter((truth) => truth.open).length;
        progress.elapsedMs = Date.now() - startedAt;
        for (const truth of batch.truths) options.onTruth?.(truth);
        options.onProgress?.({ ...progress });
      });
      inFlight.push(reported);
    }
    await reported;
  } finally {
    // Batches produced but not appended (a stop, a failure) are dropped whole.
    await Promise.allSettled(produced);
  }
  return { ...progress, elapsedMs: Date.now() - startedAt, stopped };
};
