import { unstorableTextErrors } from '@ketenregie/contracts';
import type { StreamRevision } from '@ketenregie/event-store';
import { problem } from '@ketenregie/platform-http';

/**
 * Strong: `If-Match` compares strongly (RFC 9110 13.1.1), so only a strong tag can ever let a
 * command through. The version changes with every event of the case, and what one viewer gets for
 * one version does not change, which is what a strong validator promises.
 */
export const etagOf = (version: StreamRevision): string => `"${version}"`;

/** No case is ever at this version: a weak tag in If-Match pins it, so the command is refused with 412. */
export const unmatchableVersion: StreamRevision = -1;

const IF_MATCH = /^(W\/)?"(\d{1,15})"$/;

/**
 * The version a client pinned with `If-Match`, or undefined when it did not. The ETags we hand out
 * are versions: `"7"` pins version 7. A weak `W/"7"` (or `"07"`) never matches under strong
 * comparison, so it pins a version no case has (412 with the current ETag, after access was decided). A list or `*`
 * is not supported: a command targets one known state or none.
 */
export const pinnedVersion = (header: string | string[] | undefined): StreamRevision | undefined => {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  const match = IF_MATCH.exec(value);
  if (!match) {
    const unstorable = unstorableTextErrors(value, 'headers.if-match');
    throw problem(400, 'De kopregel If-Match is ongeldig: gebruik de ETag uit het vorige antwoord, bijvoorbeeld "3".', {
      errors: unstorable.length > 0 ? unstorable : [{ path: 'headers.if-match', message: 'Gebruik de vorm "<versie>".' }],
    });
  }
  // Strong comparison is character by character: "07" is not the tag "7" we hand out.
  const tag = match[2];
  return match[1] || (tag.length > 1 && tag.startsWith('0')) ? unmatchableVersion : Number(tag);
};

/** `If-None-Match` compares weakly (RFC 9110 13.1.2): `W/"7"` and `"7"` both name version 7. */
export const matchesWeakly = (header: string | string[] | undefined, etag: string): boolean => {
  if (header === undefined) return false;
  const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');
  return (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .some((candidate) => candidate.trim() === '*' || opaque(candidate) === opaque(etag));
};
