import { findOrganisation } from '@ketenregie/access-domain';
import type { DirectoryOrganisationKind, OrganisationDirectory } from '@ketenregie/access-domain';
import { problem } from '@ketenregie/platform-http';
import type { FieldError } from '@ketenregie/platform-http';

/**
 * Where a value sits in a body, from its parent: spelled out (`to.organisation`) only for an error.
 * Every node of every command body is visited, and copying the path array at each was most of
 * what resolving the refs allocated.
 */
export type FieldPath = { parent: FieldPath; key: string } | undefined;

export const pathText = (path: FieldPath): string => {
  const keys: string[] = [];
  for (let at = path; at; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.');
};

type OrganisationRef = { organisationId: string; name: string; kind: 'veilig-thuis' | 'local-team' | 'other' };

const caseKindOf = (kind: DirectoryOrganisationKind): OrganisationRef['kind'] =>
  kind === 'veilig-thuis' || kind === 'local-team' ? kind : 'other';

const isOrganisationRef = (value: object): value is OrganisationRef => {
  const ref = value as Record<string, unknown>;
  return (
    typeof ref['organisationId'] === 'string' &&
    typeof ref['name'] === 'string' &&
    typeof ref['kind'] === 'string' &&
    Object.keys(ref).length === 3
  );
};

/**
 * Every organisation a command body names (a hand-over's receiver, a rappel's owner, a
 * condition's owner, a chain partner...) as the directory knows it. The case rules decide on an
 * organisation's kind: whether a hand-over is a de-escalation, who may own rappels, who may
 * direct. So the kind cannot be the client's word: a known organisation gets the directory's name
 * and kind, and an unknown one can only be `other` (a school or a GP practice may own a
 * condition; only the directory's Veilig Thuis and local teams take part as such). Anything else
 * is a 422 naming each field. Pure; answers a copy.
 */
export const resolveOrganisationRefs = <T>(body: T, directory: OrganisationDirectory): T => {
  const errors: FieldError[] = [];
  const visit = (value: unknown, path: FieldPath): unknown => {
    if (Array.isArray(value)) return value.map((item, index) => visit(item, { parent: path, key: String(index) }));
    if (value === null || typeof value !== 'object') return value;
    if (isOrganisationRef(value)) {
      const known = findOrganisation(directory, value.organisationId);
      if (known) return { organisationId: known.organisationId, name: known.name, kind: caseKindOf(known.kind) };
      if (value.kind !== 'other') {
        errors.push({
          path: pathText({ parent: path, key: 'organisationId' }),
          message: 'Deze organisatie is niet bekend als Veilig Thuis of lokaal team.',
          code: 'unknown-organisation',
        });
      }
      return value;
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, visit(item, { parent: path, key })]));
  };
  const resolved = visit(body, undefined) as T;
  if (errors.length > 0) {
    throw problem(422, 'Een genoemde organisatie is niet bekend.', { type: 'urn:ketenregie:problem:case.unknown-organisation', errors });
  }
  return resolved;
};
