import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { FamilyErasureService, FamilyErasureStatus } from './family-erasure.service';
import { UnknownFamily } from './family-erasure.service';
import type { ErasureReason } from './family-key-store';

export const erasureUsage = `usage:
  npm run erasure -- erase --family FAMILY-ID --reason request|retention-expired
  npm run erasure -- status --family FAMILY-ID
Erasing deletes the family's key (its personal data in the events can never be read again), leaves
a tombstone with the time and the reason, and clears the family's personal data in every read
model. Running it again is safe. The family id is the case's familyId (GET /api/v1/cases/{caseId}).`;

export type ErasureCommand = { kind: 'erase'; familyId: string; reason: ErasureReason } | { kind: 'status'; familyId: string };

export class ErasureUsageError extends Error {
  override readonly name = 'ErasureUsageError';
}

const reasons: readonly ErasureReason[] = ['request', 'retention-expired'];

/** Reads the command line; anything unknown, missing or repeated is a usage error naming it. */
export const parseErasureArgs = (argv: readonly string[]): ErasureCommand => {
  const [command, ...rest] = argv;
  if (command !== 'erase' && command !== 'status') {
    throw new ErasureUsageError(command === undefined ? 'no command given' : `unknown command ${command}`);
  }
  const allowed = command === 'erase' ? ['--family', '--reason'] : ['--family'];
  const values = new Map<string, string>();
  for (let index = 0; index < rest.length; index++) {
    const [option, inline] =
      rest[index].startsWith('--') && rest[index].includes('=') ? rest[index].split(/=(.*)/s, 2) : [rest[index], undefined];
    if (!allowed.includes(option)) throw new ErasureUsageError(`unknown option ${option} for ${command}`);
    if (values.has(option)) throw new ErasureUsageError(`${option} given twice`);
    const value = inline ?? rest[++index];
    if (value === undefined || value === '' || value.startsWith('--')) throw new ErasureUsageError(`${option} needs a value`);
    values.set(option, value);
  }
  const familyId = values.get('--family');
  if (!familyId) throw new ErasureUsageError('--family is required');
  if (command === 'status') return { kind: 'status', familyId };
  const reason = values.get('--reason');
  if (!reason) throw new ErasureUsageError('--reason is required (request or retention-expired)');
  if (!reasons.includes(reason as ErasureReason))
    throw new ErasureUsageError(`--reason must be request or retention-expired, not ${reason}`);
  return { kind: 'erase', familyId, reason: reason as ErasureReason };
};

const describeStatus = (status: FamilyErasureStatus): string => {
  if (status.state === 'not-erased') {
    const known = status.knownTo.length > 0 ? `known to ${status.knownTo.join(', ')}` : 'not known to any context';
    return `Family ${status.familyId}: not erased; ${known}; ${status.hasKey ? 'has a data key' : 'has no data key (no personal data written)'}.`;
  }
  const when = `${status.erasedAt.toISOString()} (reason: ${status.reason})`;
  return status.state === 'erased'
    ? `Family ${status.familyId}: erased at ${when}; read models cleared at ${status.completedAt?.toISOString() ?? '?'}.`
    : `Family ${status.familyId}: key erased at ${when}; read models not all cleared yet (run erase again, or the retention job finishes it).`;
};

const operatorName = (): string => {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
};

export type ErasureCliResult = { code: 0 | 1; output: string };

/** Runs one command; exit 1 when refused (the line says why), 0 when done. */
export const runErasureCommand = async (command: ErasureCommand, service: FamilyErasureService): Promise<ErasureCliResult> => {
  if (command.kind === 'status') return { code: 0, output: describeStatus(await service.status(command.familyId)) };
  try {
    const outcome = await service.erase(command.familyId, command.reason, {
      requireKnown: true,
      // The operator at this machine's account: the access log says who erased, like any change.
      requestedBy: {
        actor: { userId: `operator:${operatorName()}`, organisationId: 'ketenregie' },
        requestId: randomUUID(),
        route: 'CLI erasure',
      },
    });
    const first = `${outcome.erasedAt.toISOString()} (reason: ${outcome.reason})`;
    return {
      code: 0,
      output: outcome.alreadyErased
        ? `Family ${outcome.familyId} was already erased at ${first}; read models cleared again (${outcome.contexts.join(', ')}).`
        : `Erased the personal data of family ${outcome.familyId} at ${first}; read models cleared (${outcome.contexts.join(', ')}).`,
    };
  } catch (error) {
    if (!(error instanceof UnknownFamily)) throw error;
    return {
      code: 1,
      output: `No context knows family ${command.familyId}: nothing erased. Check the id with: npm run erasure -- status --family ${command.familyId}`,
    };
  }
};
