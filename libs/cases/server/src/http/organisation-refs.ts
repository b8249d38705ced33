import { findOrganisation } from '@ketenregie/access-domain';
import type { DirectoryOrganisationKind, OrganisationDirectory } from '@ketenregie/access-domain';
import { problem } from '@ketenregie/platform-http';
import type { FieldError } from '@ketenregie/platform-http';

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
  const visit = (value: unknown, path: string[]): unknown => {
    if (Array.isArray(value)) return value.map((item, index) => visit(item, [...path, String(index)]));
    if (value === null || typeof value !== 'object') return value;
    if (isOrganisationRef(value)) {
      const known = findOrganisation(directory, value.organisationId);
      if (known) return { organisationId: known.organisationId, name: known.name, kind: caseKindOf(known.kind) };
      if (value.kind !== 'other') {
        errors.push({
          path: [...path, 'organisationId'].join('.'),
          message: 'Deze organisatie is niet bekend als Veilig Thuis of lokaal team.',
          code: 'unknown-organisation',
        });
      }
      return value;
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, visit(item, [...path, key])]));
  };
  const resolved = visit(body, []) as T;
  if (errors.length > 0) {
    throw problem(422, 'Een genoemde organisatie is niet bekend.', { type: 'urn:ketenregie:problem:case.unknown-organisation', errors });
  }
  return resolved;
};
