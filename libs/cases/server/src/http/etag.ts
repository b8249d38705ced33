import { unstorableTextErrors } from '@ketenregie/contracts';
import type { StreamRevision } from '@ketenregie/event-store';
import { problem } from './problems';

/** Weak: the version identifies the case's state, not a byte-exact representation of it. */
export const etagOf = (version: StreamRevision): string => `W/"${version}"`;

const IF_MATCH = /^(?:W\/)?"(\d{1,15})"$/;

/**
 * The version a client pinned with `If-Match`, or undefined when it did not. The ETags we hand out
 * are versions, so `W/"7"` (and the strong `"7"`) pin version 7. A list or `*` is not supported:
 * a command targets one known state or none.
 */
export const pinnedVersion = (header: string | string[] | undefined): StreamRevision | undefined => {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  const match = IF_MATCH.exec(value);
  if (!match) {
    const unstorable = unstorableTextErrors(value, 'headers.if-match');
    throw problem(400, 'De kopregel If-Match is ongeldig: gebruik de ETag uit het vorige antwoord, bijvoorbeeld W/"3".', {
      errors: unstorable.length > 0 ? unstorable : [{ path: 'headers.if-match', message: 'Gebruik de vorm W/"<versie>".' }],
    });
  }
  return Number(match[1]);
};
