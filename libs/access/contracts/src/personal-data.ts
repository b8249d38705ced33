import type { CalendarDate } from '@ketenregie/kernel';

/**
 * Shared between the access context, which encrypts personal data in events and erases it
 * (crypto-shredding, docs/adr/0005), and every context that declares which of its event fields are
 * personal and keeps decrypted copies in read models. Neither side imports the other's server code.
 */

type Data = { [key: string]: unknown };

export type PersonalDataRule = {
  /**
   * The family whose key seals the event's personal fields: read from the payload, or `'stream'` for
   * the family of the stream the event belongs to (named by an earlier event of that stream, such as
   * a case's opening event). An event with personal fields and no family is refused, never stored in
   * plain text.
   */
  familyId: ((data: Data) => string | undefined) | 'stream';
  /**
   * Paths into `data` that hold personal data: keys separated by dots, `*` for every element of an
   * array. Everything not named stays plain, so statistics and deadlines keep working after erasure.
   */
  personalFields: readonly string[];
};

/** Per event type (wire name). Types not listed carry no personal data. */
export type PersonalDataRegistry = { readonly [eventType: string]: PersonalDataRule };

const isRecord = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);

const mapSegments = (node: unknown, segments: readonly string[], index: number, map: (value: unknown) => unknown): unknown => {
  if (index === segments.length) return node === undefined ? node : map(node);
  const segment = segments[index];
  if (segment === '*') {
    if (!Array.isArray(node)) return node;
    let changed = false;
    const mapped = node.map((item) => {
      const next = mapSegments(item, segments, index + 1, map);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? mapped : node;
  }
  if (!isRecord(node) || !Object.prototype.hasOwnProperty.call(node, segment)) return node;
  const child = node[segment];
  const next = mapSegments(child, segments, index + 1, map);
  if (next === child) return node;
  const copy: Data = { ...node };
  // `undefined` removes the key: an optional field that was erased is simply absent.
  if (next === undefined) delete copy[segment];
  else copy[segment] = next;
  return copy;
};

const splitPath = (path: string): string[] => path.split('.');

/**
 * Replaces every value found at `path` (missing values are skipped) and returns a new object; the
 * input is never changed, and comes back as it is when nothing changed.
 */
export const mapPersonalField = (data: Data, path: string, map: (value: unknown) => unknown): Data =>
  mapSegments(data, splitPath(path), 0, map) as Data;

/** Several paths as one tree, so that one walk over the data serves them all (`mapPersonalFields`). */
export type PersonalFieldTree = { readonly end: boolean; readonly children: ReadonlyMap<string, PersonalFieldTree> };

type MutableTree = { end: boolean; children: Map<string, MutableTree> };

const compiledTrees = new WeakMap<readonly string[], PersonalFieldTree>();

/** The tree of `paths`, built once per list (a rule's `personalFields` lives as long as its registry). */
export const personalFieldTree = (paths: readonly string[]): PersonalFieldTree => {
  const known = compiledTrees.get(paths);
  if (known) return known;
  const root: MutableTree = { end: false, children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const segment of splitPath(path)) {
      let child = node.children.get(segment);
      if (!child) {
        child = { end: false, children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.end = true;
  }
  compiledTrees.set(paths, root);
  return root;
};

const mapTree = (node: unknown, tree: PersonalFieldTree, map: (value: unknown) => unknown): unknown => {
  // A path that ends here and goes on (`a` and `a.b`) maps the whole value, as the longer one
  // mapped alone would then find nothing left to map.
  if (tree.end) return node === undefined ? node : map(node);
  if (tree.children.size === 0) return node;
  if (Array.isArray(node)) {
    const each = tree.children.get('*');
    if (!each) return node;
    let copy: unknown[] | undefined;
    for (let index = 0; index < node.length; index += 1) {
      const item: unknown = node[index];
      const next = mapTree(item, each, map);
      if (next !== item) {
        copy ??= node.slice();
        copy[index] = next;
      }
    }
    return copy ?? node;
  }
  if (!isRecord(node)) return node;
  let copy: Data | undefined;
  for (const [segment, child] of tree.children) {
    if (segment === '*' || !Object.prototype.hasOwnProperty.call(node, segment)) continue;
    const value = node[segment];
    const next = mapTree(value, child, map);
    if (next === value) continue;
    copy ??= { ...node };
    // `undefined` removes the key: an optional field that was erased is simply absent.
    if (next === undefined) delete copy[segment];
    else copy[segment] = next;
  }
  return copy ?? node;
};

/**
 * `mapPersonalField` for every path of `tree` in one walk: each object on the way is copied at
 * most once, however many of its fields are personal. Sealing an intake's household touched each
 * member once per field before.
 */
export const mapPersonalFields = (data: Data, tree: PersonalFieldTree, map: (value: unknown) => unknown): Data =>
  mapTree(data, tree, map) as Data;

/** Every value found at `path`. */
export const personalValuesAt = (data: Data, path: string): unknown[] => {
  const found: unknown[] = [];
  mapSegments(data, splitPath(path), 0, (value) => {
    found.push(value);
    return value;
  });
  return found;
};

/** Marker that replaces a personal value on every read path once its family's key was erased. */
export type ErasedMarker = { $erased: true; erasedAt: string };

export const isErasedMarker = (value: unknown): value is ErasedMarker =>
  isRecord(value) && value.$erased === true && typeof value.erasedAt === 'string';

/** Why nothing new can be recorded about an erased family: the 410's detail, and case detail's reason. */
export const FAMILY_ERASED_DETAIL =
  'De persoonsgegevens van dit gezin zijn gewist. Er kunnen geen nieuwe gegevens over dit gezin worden vastgelegd.';

/** What a read model shows where an erased text stood (Dutch, as every user-facing text). */
export const ERASED_TEXT = '[gewist]';

export type FamilyErasureReason = 'request' | 'retention-expired';

export type FamilyErasure = { familyId: string; erasedAt: Date; reason: FamilyErasureReason };

/**
 * Implemented by each context whose read models hold decrypted personal data of families. Every
 * method is idempotent: the erasure flow calls it again after a crash or from a second process.
 */
export type FamilyDataEraser = {
  /** Name of the context, for logs and the erasure status. */
  readonly context: string;
  /** Creates the eraser's own tables; safe from every process at start-up. */
  ensureSchema(): Promise<void>;
  /**
   * Clears the family's personal fields in every read model of the context, including rows that a
   * projection batch is writing at the same moment and rows written later from old events.
   */
  eraseFamily(erasure: FamilyErasure): Promise<void>;
  /** Whether the context knows the family at all (an operator's typo should not erase "nothing"). */
  knowsFamily(familyId: string): Promise<boolean>;
  /**
   * Families without an open case whose last case closed before `closedBefore`, not erased yet, at
   * most `limit`. Only the context that closes cases implements it.
   */
  familiesPastRetention?(closedBefore: CalendarDate, limit: number): Promise<string[]>;
};
