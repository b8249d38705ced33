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
import { trimOldest } from './bounded-cache';
import { decryptJson, encryptJson, isEncrypted } from './crypto';
import type { EncryptedValue } from './crypto';
import { FamilyDataErased } from './family-key-store';
import type { FamilyKey, FamilyKeyStore } from './family-key-store';
import { erasedMarker, openWithKey } from './personal-data-cipher';
import { mapPersonalFields, personalFieldTree } from '@ketenregie/access-contracts';
import type { PersonalDataRegistry, PersonalDataRule } from '@ketenregie/access-contracts';

export type { PersonalDataRegistry, PersonalDataRule } from '@ketenregie/access-contracts';

type Data = { [key: string]: unknown };

const ruleFor = (registry: PersonalDataRegistry, type: string): PersonalDataRule | undefined =>
  Object.prototype.hasOwnProperty.call(registry, type) ? registry[type] : undefined;

const familyNamedBy = (rule: PersonalDataRule | undefined, data: Data): string | undefined =>
  rule && typeof rule.familyId === 'function' ? rule.familyId(data) : undefined;

const isRecord = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every sealed value anywhere in `node`: reads do not trust the current registry's paths. */
const collectSealed = (node: unknown, found: EncryptedValue[]): EncryptedValue[] => {
  if (isEncrypted(node)) found.push(node);
  else if (Array.isArray(node)) for (const item of node) collectSealed(item, found);
  else if (isRecord(node)) for (const value of Object.values(node)) collectSealed(value, found);
  return found;
};

// Copies only the objects and arrays on the way to a sealed value and keeps the rest as read (an
// event just parsed from the database, held by nobody else): every command reads its whole
// stream, so copying every object of every event was most of the garbage a read left.
const replaceSealed = (node: unknown, open: (value: EncryptedValue) => unknown): unknown => {
  if (isEncrypted(node)) return open(node);
  if (Array.isArray(node)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < node.length; index++) {
      const item: unknown = node[index];
      const replaced = replaceSealed(item, open);
      if (replaced !== item) {
        copy ??= node.slice();
        copy[index] = replaced;
      }
    }
    return copy ?? node;
  }
  if (isRecord(node)) {
    let copy: Data | undefined;
    for (const key of Object.keys(node)) {
      const value = node[key];
      const replaced = replaceSealed(value, open);
      if (replaced !== value) {
        copy ??= { ...node };
        copy[key] = replaced;
      }
    }
    return copy ?? node;
  }
  return node;
};

type SealPlan = { rule: PersonalDataRule; familyId: string } | undefined;

const holdsPlainPersonalData = (data: Data, rule: PersonalDataRule): boolean => {
  let found = false;
  mapPersonalFields(data, personalFieldTree(rule.personalFields), (value) => {
    if (!isEncrypted(value)) found = true;
    return value;
  });
  return found;
};

/** The event's rule when it carries personal data not sealed yet; undefined when there is nothing to seal. */
const ruleToSeal = (registry: PersonalDataRegistry, event: EventToAppend): PersonalDataRule | undefined => {
  const rule = ruleFor(registry, event.type);
  return rule !== undefined && holdsPlainPersonalData(event.data, rule) ? rule : undefined;
};

/** Told of every value sealed: its family, what it became, and its JSON text. */
type OnSealed = (familyId: string, encrypted: EncryptedValue, json: string) => void;

const applySealPlans = (
  events: EventToAppend[],
  plans: SealPlan[],
  keyOf: (familyId: string) => FamilyKey | undefined,
  onSealed?: OnSealed,
): EventToAppend[] =>
  events.map((event, index) => {
    const plan = plans[index];
    if (!plan) return event;
    const key = keyOf(plan.familyId);
    if (key?.status === 'erased') throw new FamilyDataErased(plan.familyId, key);
    if (key?.status !== 'active') throw new Error(`No key for family ${plan.familyId}`);
    const data: Data = mapPersonalFields(event.data, personalFieldTree(plan.rule.personalFields), (value) => {
      if (isEncrypted(value)) return value;
      const json = JSON.stringify(value as JsonValue);
      const encrypted = encryptJson(key.key, plan.familyId, json);
      onSealed?.(plan.familyId, encrypted, json);
      return encrypted;
    });
    return { ...event, data };
  });

/**
 * The events of a new stream sealed as `EncryptingEventStore` seals them, with keys the caller
 * already holds (from `FamilyKeyStore.createKeys`): for a bulk loader that seals in worker
 * threads, away from the database. The stream's family must be named by its events, as a case's
 * opening event names it; a family without a key in `keys` is refused.
 */
export const sealNewStreamEvents = (
  registry: PersonalDataRegistry,
  events: EventToAppend[],
  keys: ReadonlyMap<string, FamilyKey>,
): EventToAppend[] => {
  let batchFamily: string | undefined;
  for (const event of events) batchFamily ??= familyNamedBy(ruleFor(registry, event.type), event.data);
  const plans: SealPlan[] = events.map((event) => {
    const rule = ruleToSeal(registry, event);
    if (!rule) return undefined;
    const familyId = rule.familyId === 'stream' ? batchFamily : rule.familyId(event.data);
    if (!familyId) throw new InvalidAppend(`Event ${event.type} carries personal data but no family id`);
    return { rule, familyId };
  });
  return applySealPlans(events, plans, (familyId) => keys.get(familyId));
};

export type EncryptingEventStoreOptions = {
  /** How many stream-to-family links to remember; a link never changes, so this only bounds memory. */
  streamFamilyCacheSize?: number;
  /** How many values opened in the last `openedTtlMs` to keep for the next reader of the same event. */
  openedCacheSize?: number;
  openedTtlMs?: number;
  now?: () => number;
};

// A text, number or boolean is handed out as it is (it cannot be changed through a reference);
// an object or array is parsed anew for each reader, so none can change another's copy.
type Opened = { ct: string; json: string; primitive: boolean; value: unknown; expiresAt: number };

const isPrimitive = (value: unknown): boolean => value === null || typeof value !== 'object';

/**
 * Decorates an `EventStore`: personal fields are sealed with the family's key on append and opened
 * on every read path. Once a family is erased, its fields read as `{ $erased: true, erasedAt }`,
 * so a projection rebuilt after erasure never sees the data. Reads scan for sealed values rather
 * than trusting the current registry, so events written under an older registry still open.
 *
 * A hot family costs no extra round trip: keys come from the key store's cache on append and read,
 * and the family of a stream (for events that do not name it) is remembered from the stream's read
 * that precedes every command.
 */
export class EncryptingEventStore implements EventStore {
  readonly kind: EventStore['kind'];
  /** As the inner store's, sealing the events first; absent where the inner store has none. */
  readonly appendWithin?: EventStore['appendWithin'];
  readonly appendWithCompanions?: EventStore['appendWithCompanions'];
  readonly readStreamWith?: EventStore['readStreamWith'];
  private readonly streamFamilies = new Map<string, string>();
  private readonly streamFamilyCacheSize: number;
  // Every projection reads each new event through its own subscription, and every command reads its
  // case's whole stream again: the first read opens a value, later ones within the key cache's TTL
  // take its plaintext (a command on a case with 1,000 plan texts would otherwise open all 1,000
  // each time). Used only while the family's key is active in this process, so it never shows more
  // than the cached key itself would.
  private readonly opened = new Map<string, Opened>();
  private readonly openedCacheSize: number;
  private readonly openedTtlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly inner: EventStore,
    private readonly keys: FamilyKeyStore,
    private readonly registry: PersonalDataRegistry,
    options: EncryptingEventStoreOptions = {},
  ) {
    this.kind = inner.kind;
    this.streamFamilyCacheSize = options.streamFamilyCacheSize ?? 100_000;
    this.openedCacheSize = options.openedCacheSize ?? 20_000;
    this.openedTtlMs = options.openedTtlMs ?? 30_000;
    this.now = options.now ?? Date.now;
    const within = inner.appendWithin?.bind(inner);
    if (within) {
      this.appendWithin = async (streamId, events, appendOptions, work) => {
        const sealed = await this.seal(streamId, events);
        const result = await within(streamId, sealed.events, appendOptions, work);
        if (sealed.namedFamily) this.rememberStreamFamily(streamId, sealed.namedFamily);
        return result;
      };
    }
    const readWith = inner.readStreamWith?.bind(inner);
    if (readWith) {
      this.readStreamWith = async (streamId, companions) => {
        // The family's key, when it is not cached, is looked up by the read's own statement: a
        // command on a case not touched for a while then costs no round trip of its own for it.
        const familyId = this.streamFamilies.get(streamId);
        const keyLookup = familyId === undefined ? undefined : this.keys.lookupCompanion(familyId);
        const read = await readWith(streamId, keyLookup ? [...companions, keyLookup] : companions);
        if (familyId !== undefined && keyLookup) this.keys.rememberLookup(familyId, read.companions[companions.length]);
        return { events: await this.open(read.events), companions: read.companions.slice(0, companions.length) };
      };
    }
    const withCompanions = inner.appendWithCompanions?.bind(inner);
    if (withCompanions) {
      this.appendWithCompanions = async (streamId, events, appendOptions, companions) => {
        const sealed = await this.seal(streamId, events);
        const result = await withCompanions(streamId, sealed.events, appendOptions, companions);
        if (sealed.namedFamily) this.rememberStreamFamily(streamId, sealed.namedFamily);
        return result;
      };
    }
  }

  async appendToStream(streamId: string, events: EventToAppend[], options?: AppendOptions): Promise<AppendResult> {
    const sealed = await this.seal(streamId, events);
    const result = await this.inner.appendToStream(streamId, sealed.events, options);
    // Only after the append: a refused append may have named a family the stream does not have.
    if (sealed.namedFamily) this.rememberStreamFamily(streamId, sealed.namedFamily);
    return result;
  }

  /**
   * The events as this store would append them to `streamId`, personal fields sealed with the
   * family's key: for a writer that appends through another path (a bulk load) yet must store
   * exactly what the command path stores.
   */
  async sealEvents(streamId: string, events: EventToAppend[]): Promise<EventToAppend[]> {
    const sealed = await this.seal(streamId, events);
    if (sealed.namedFamily) this.rememberStreamFamily(streamId, sealed.namedFamily);
    return sealed.events;
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.open(await this.inner.readStream(streamId, options));
  }

  streamVersion(streamId: string): Promise<StreamRevision | 'no_stream'> {
    return this.inner.streamVersion(streamId);
  }

  async readAll(options?: ReadAllOptions): Promise<ReadAllResult> {
    const result = await this.inner.readAll(options);
    return { ...result, events: await this.open(result.events, { remember: options?.readOnce !== true }) };
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

  private rememberStreamFamily(streamId: string, familyId: string): void {
    if (this.streamFamilies.get(streamId) === familyId) return;
    this.streamFamilies.delete(streamId);
    this.streamFamilies.set(streamId, familyId);
    // Oldest first (Map keeps insertion order), so the cache stays bounded.
    trimOldest(this.streamFamilies, this.streamFamilyCacheSize);
  }

  /** The family a stream belongs to: remembered, or named by the stream's first event (one read). */
  private async streamFamily(streamId: string): Promise<string | undefined> {
    const known = this.streamFamilies.get(streamId);
    if (known) return known;
    const [first] = await this.inner.readStream(streamId, { maxCount: 1 });
    if (!first) return undefined;
    const familyId = familyNamedBy(ruleFor(this.registry, first.type), first.data) ?? collectSealed(first.data, [])[0]?.f;
    if (familyId) this.rememberStreamFamily(streamId, familyId);
    return familyId;
  }

  private async seal(streamId: string, events: EventToAppend[]): Promise<{ events: EventToAppend[]; namedFamily?: string }> {
    // An event that names its family (a case's opening event) also names it for the events appended
    // with it, so opening a case needs no lookup.
    let batchFamily: string | undefined;
    for (const event of events) batchFamily ??= familyNamedBy(ruleFor(this.registry, event.type), event.data);
    const plans: SealPlan[] = [];
    for (const event of events) {
      const rule = ruleToSeal(this.registry, event);
      if (!rule) {
        plans.push(undefined);
        continue;
      }
      const familyId = rule.familyId === 'stream' ? (batchFamily ?? (await this.streamFamily(streamId))) : rule.familyId(event.data);
      // Writing the data in plain text would make it unerasable: refuse instead.
      if (!familyId) throw new InvalidAppend(`Event ${event.type} carries personal data but no family id`);
      plans.push({ rule, familyId });
    }
    const families = [...new Set(plans.flatMap((plan) => (plan ? [plan.familyId] : [])))];
    if (families.length === 0) return { events, namedFamily: batchFamily };
    const familyKeys = new Map<string, FamilyKey>();
    for (const familyId of families) familyKeys.set(familyId, await this.keys.getKey(familyId));
    const now = this.now();
    // Every projection reads these events back within moments: they find the plaintext ready.
    const remember: OnSealed = (familyId, encrypted, json) => this.rememberOpened(familyId, encrypted, json, now);
    return { events: applySealPlans(events, plans, (familyId) => familyKeys.get(familyId), remember), namedFamily: batchFamily };
  }

  // Keys are looked up once per batch (one query for all families not cached), so reading the
  // log costs at most one extra round trip per page, not one per event.
  private async open(events: RecordedEvent[], { remember = true }: { remember?: boolean } = {}): Promise<RecordedEvent[]> {
    const sealed = events.map((event) => {
      const rule = ruleFor(this.registry, event.type);
      const named = familyNamedBy(rule, event.data);
      if (named) this.rememberStreamFamily(event.streamId, named);
      const values = collectSealed(event.data, []);
      if (values.length === 0) return undefined;
      // The family the event belongs to, never the one a sealed value claims: a value moved into
      // another family's event then fails authentication instead of opening.
      const familyId = named ?? (rule?.familyId === 'stream' ? this.streamFamilies.get(event.streamId) : undefined) ?? values[0].f;
      return familyId;
    });
    const families = new Set(sealed.flatMap((familyId) => (familyId ? [familyId] : [])));
    if (families.size === 0) return events;
    const found = await this.keys.findKeys(families);
    const now = this.now();
    return events.map((event, index) => {
      const familyId = sealed[index];
      if (!familyId) return event;
      const key = found.get(familyId);
      const data = replaceSealed(event.data, (encrypted) => {
        if (key?.status === 'active' && encrypted.f === familyId) {
          // A value read once (a rebuild's pass) is opened without the cache: nobody else asks for it.
          return remember ? this.openActive(key.key, familyId, encrypted, now) : JSON.parse(decryptJson(key.key, familyId, encrypted));
        }
        const opened = openWithKey(key, familyId, encrypted);
        return opened.ok ? opened.value : erasedMarker(opened.erased);
      }) as Data;
      return { ...event, data };
    });
  }

  private openActive(key: Buffer, familyId: string, encrypted: EncryptedValue, now: number): unknown {
    // Named by family, IV and tag (short, so the lookup does not hash the whole ciphertext); a hit
    // must also have the very same ciphertext, so a forged value never matches a genuine one's entry.
    const name = `${familyId}\u0000${encrypted.iv}\u0000${encrypted.tag}`;
    const hit = this.opened.get(name);
    if (hit && hit.expiresAt > now && hit.ct === encrypted.ct) return hit.primitive ? hit.value : (JSON.parse(hit.json) as unknown);
    const json = decryptJson(key, familyId, encrypted);
    return this.rememberOpened(familyId, encrypted, json, now);
  }

  /** Keeps a value's plaintext for the next reader of the same ciphertext, and answers the value. */
  private rememberOpened(familyId: string, encrypted: EncryptedValue, json: string, now: number): unknown {
    const name = `${familyId}\u0000${encrypted.iv}\u0000${encrypted.tag}`;
    const value = JSON.parse(json) as unknown;
    const primitive = isPrimitive(value);
    this.opened.delete(name);
    this.opened.set(name, { ct: encrypted.ct, json, primitive, value: primitive ? value : undefined, expiresAt: now + this.openedTtlMs });
    trimOldest(this.opened, this.openedCacheSize);
    return value;
  }
}
