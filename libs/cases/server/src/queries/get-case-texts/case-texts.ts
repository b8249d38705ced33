import type { CaseText } from '@ketenregie/contracts';
import type { RecordedEvent } from '@ketenregie/event-store';
import { isErasedMarker } from '@ketenregie/access-contracts';
import { isCaseEventType } from '@ketenregie/cases-domain';
import type { CaseEventType } from '@ketenregie/cases-domain';
import { casesPersonalPaths } from '../../erasure/cases-personal-data';
import { occurredAt, toCaseEvent } from '../../projections/case-events';
import { timelineKind } from '../../projections/timeline-summary';

type Data = { [key: string]: unknown };

const isRecord = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The free texts among the personal fields the erasure registry declares: the texts people wrote.
 * The household and the referrer are personal too, but they are data about people, shown (or not)
 * where they belong; a referrer's identity in particular is not a text to pass around.
 */
const freeTextPaths: ReadonlyMap<CaseEventType, readonly string[]> = new Map(
  (Object.entries(casesPersonalPaths) as [CaseEventType, (typeof casesPersonalPaths)[CaseEventType]][]).map(([type, paths]) => [
    type,
    paths
      .filter(([path, erasedAs]) => erasedAs === 'text' && !path.startsWith('household.') && !path.startsWith('referrer.'))
      .map(([path]) => path),
  ]),
);

/** The ids an event (or the array element a text sits in) names its subject by. */
const subjectKeys = [
  'reportId',
  'adviceRequestId',
  'assessmentId',
  'handoverId',
  'investigationId',
  'conditionId',
  'rappelId',
  'partnerId',
  'part',
  'agreementId',
] as const;

const subjectOf = (...nodes: Data[]): CaseText['about'] => {
  const about: Record<string, string> = {};
  for (const node of nodes)
    for (const key of subjectKeys) {
      const value = node[key];
      if (typeof value === 'string' && value !== '') about[key] = value;
    }
  return about as CaseText['about'];
};

type Found = { field: string; value: unknown; holders: Data[] };

/** Every value at `path` (`*` for each array element) with its concrete path and the objects on the way. */
const valuesAt = (node: unknown, segments: readonly string[], prefix: string[], holders: Data[]): Found[] => {
  if (segments.length === 0) return node === undefined ? [] : [{ field: prefix.join('.'), value: node, holders }];
  const [segment, ...rest] = segments;
  if (segment === '*') {
    if (!Array.isArray(node)) return [];
    return node.flatMap((item: unknown, index) =>
      valuesAt(item, rest, [...prefix, String(index)], isRecord(item) ? [...holders, item] : holders),
    );
  }
  if (!isRecord(node) || !Object.hasOwn(node, segment)) return [];
  return valuesAt(node[segment], rest, [...prefix, segment], holders);
};

/**
 * The free texts of a case's events as read from the store (personal fields already decrypted),
 * newest first. A text that comes back as an erasure marker is left out and `erased` says so; an
 * empty text (a rappel found safe without a note) is no text.
 */
export const caseTextsOf = (recorded: readonly RecordedEvent[]): { items: CaseText[]; erased: boolean } => {
  const groups: CaseText[][] = [];
  let erased = false;
  for (const stored of recorded) {
    if (!isCaseEventType(stored.type)) continue;
    const paths = freeTextPaths.get(stored.type) ?? [];
    if (paths.length === 0) continue;
    const found = paths.flatMap((path) => valuesAt(stored.data, path.split('.'), [], [stored.data]));
    if (found.some(({ value }) => isErasedMarker(value))) erased = true;
    const texts = found.filter((entry): entry is Found & { value: string } => typeof entry.value === 'string' && entry.value.trim() !== '');
    if (texts.length === 0) continue;
    const event = toCaseEvent(stored);
    if (!event) continue;
    const actor = stored.metadata.actor;
    const userId = typeof actor?.userId === 'string' ? actor.userId : undefined;
    const organisationId = typeof actor?.organisationId === 'string' ? actor.organisationId : undefined;
    groups.push(
      texts.map(({ field, value, holders }) => ({
        revision: stored.revision,
        eventId: stored.id,
        type: stored.type,
        kind: timelineKind(event),
        field,
        occurredAt: occurredAt(event, stored).toISOString(),
        actor: userId ? { userId, ...(organisationId ? { organisationId } : {}) } : null,
        about: subjectOf(...holders),
        text: value,
      })),
    );
  }
  // Newest event first; the texts of one event in the order the event holds them.
  return { items: groups.reverse().flat(), erased };
};
