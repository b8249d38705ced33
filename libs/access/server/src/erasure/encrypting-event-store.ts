import { InvalidAppend } from '@ketenregie/event-store';
import type {
  AppendOptions,
  AppendResult,
  Checkpoint,
  EventStore,
  EventToAppend,
  JsonValue,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  StreamMetadataResult,
  StreamRevision,
  SubscribeToAllOptions,
  Subscription,
  SubscriptionHandler,
} from '@ketenregie/event-store';
import { encryptValue, isEncrypted } from './crypto';
import type { EncryptedValue } from './crypto';
import { FamilyDataErased } from './family-key-store';
import type { FamilyKey, FamilyKeyStore } from './family-key-store';
import { erasedMarker, openWithKey } from './personal-data-cipher';

export type PersonalDataRule = {
  /** The family whose key seals this event's personal fields; undefined when it has none. */
  familyId: (data: { [key: string]: unknown }) => string | undefined;
  /** Top-level keys of `data` holding personal data; everything else stays plain for statistics. */
  personalFields: string[];
};

/** Per event type (wire name). Types not listed are stored as they are. */
export type PersonalDataRegistry = { [eventType: string]: PersonalDataRule };

type Data = { [key: string]: unknown };

const ruleFor = (registry: PersonalDataRegistry, type: string): PersonalDataRule | undefined =>
  Object.prototype.hasOwnProperty.call(registry, type) ? registry[type] : undefined;

const sealedFields = (data: Data): [string, EncryptedValue][] => {
  const fields: [string, EncryptedValue][] = [];
  for (const [field, value] of Object.entries(data)) if (isEncrypted(value)) fields.push([field, value]);
  return fields;
};

/**
 * Decorates an `EventStore`: personal fields are sealed with the family's key on append and opened
 * on every read path. Once a family is erased, its fields read as `{ $erased: true, erasedAt }`,
 * so a projection rebuilt after erasure never sees the data. Reads scan for sealed values rather
 * than trusting the current registry, so events written under an older registry still open.
 */
export class EncryptingEventStore implements EventStore {
  readonly kind: EventStore['kind'];

  constructor(
    private readonly inner: EventStore,
    private readonly keys: FamilyKeyStore,
    private readonly registry: PersonalDataRegistry,
  ) {
    this.kind = inner.kind;
  }

  async appendToStream(streamId: string, events: EventToAppend[], options?: AppendOptions): Promise<AppendResult> {
    return this.inner.appendToStream(streamId, await this.seal(events), options);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.open(await this.inner.readStream(streamId, options));
  }

  streamVersion(streamId: string): Promise<StreamRevision | 'no_stream'> {
    return this.inner.streamVersion(streamId);
  }

  async readAll(options?: ReadAllOptions): Promise<ReadAllResult> {
    const result = await this.inner.readAll(options);
    return { ...result, events: await this.open(result.events) };
  }

  subscribeToAll(handler: SubscriptionHandler, options?: SubscribeToAllOptions): Subscription {
    return this.inner.subscribeToAll(async (events) => handler(await this.open(events)), options);
  }

  isCheckpoint(value: string): value is Checkpoint {
    return this.inner.isCheckpoint(value);
  }

  compareCheckpoints(a: Checkpoint | 'start', b: Checkpoint | 'start'): number {
    return this.inner.compareCheckpoints(a, b);
  }

  countEventsAfter(from: Checkpoint | 'start', limit?: number): Promise<number> {
    return this.inner.countEventsAfter(from, limit);
  }

  deleteStream(streamId: string, options?: AppendOptions): Promise<void> {
    return this.inner.deleteStream(streamId, options);
  }

  setStreamMetadata(
    streamId: string,
    metadata: StreamMetadata,
    options?: { expectedMetadataRevision?: number | 'no_stream' | 'any' },
  ): Promise<{ metadataRevision: number }> {
    return this.inner.setStreamMetadata(streamId, metadata, options);
  }

  getStreamMetadata(streamId: string): Promise<StreamMetadataResult> {
    return this.inner.getStreamMetadata(streamId);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async seal(events: EventToAppend[]): Promise<EventToAppend[]> {
    const plans = events.map((event) => {
      const rule = ruleFor(this.registry, event.type);
      if (!rule) return undefined;
      const fields = rule.personalFields.filter((field) => event.data[field] !== undefined && !isEncrypted(event.data[field]));
      if (fields.length === 0) return undefined;
      const familyId = rule.familyId(event.data);
      // Writing the data in plain text would make it unerasable: refuse instead.
      if (!familyId) throw new InvalidAppend(`Event ${event.type} carries personal data but no family id`);
      return { familyId, fields };
    });
    const families = [...new Set(plans.flatMap((plan) => (plan ? [plan.familyId] : [])))];
    if (families.length === 0) return events;
    const familyKeys = new Map<string, FamilyKey>();
    for (const familyId of families) familyKeys.set(familyId, await this.keys.getKey(familyId));
    return events.map((event, index) => {
      const plan = plans[index];
      if (!plan) return event;
      const key = familyKeys.get(plan.familyId);
      if (key?.status === 'erased') throw new FamilyDataErased(plan.familyId, key);
      if (key?.status !== 'active') throw new Error(`No key for family ${plan.familyId}`);
      const data: Data = { ...event.data };
      for (const field of plan.fields) data[field] = encryptValue(key.key, plan.familyId, data[field] as JsonValue);
      return { ...event, data };
    });
  }

  // Keys are looked up once per batch (one query for all families not cached), so reading the
  // log costs at most one extra round trip per page, not one per event.
  private async open(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const sealed = events.map((event) => {
      const fields = sealedFields(event.data);
      if (fields.length === 0) return undefined;
      return { familyId: ruleFor(this.registry, event.type)?.familyId(event.data) ?? fields[0][1].f, fields };
    });
    const families = new Set(sealed.flatMap((entry) => (entry ? [entry.familyId] : [])));
    if (families.size === 0) return events;
    const found = await this.keys.findKeys(families);
    return events.map((event, index) => {
      const entry = sealed[index];
      if (!entry) return event;
      const data: Data = { ...event.data };
      for (const [field, encrypted] of entry.fields) {
        const opened = openWithKey(found.get(entry.familyId), entry.familyId, encrypted);
        data[field] = opened.ok ? opened.value : erasedMarker(opened.erased);
      }
      return { ...event, data };
    });
  }
}
