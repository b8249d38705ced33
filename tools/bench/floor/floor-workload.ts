import { randomBytes } from 'node:crypto';
import type { AutocannonRequest } from 'autocannon';

/** The floor app's paths, each under the same load as the API's commands. */
export const floorLevels = [
  { key: 'echo', label: 'JSON echo (no database)', path: '/floor/echo' },
  { key: 'durable', label: 'one durable insert', path: '/floor/durable' },
  { key: 'command', label: "a command's 5 round trips (2 durable)", path: '/floor/command' },
  { key: 'commandOneFlush', label: 'the same, 1 durable', path: '/floor/command-one-flush' },
] as const;

/** The level `bench:api` compares its commands with. */
export const floorCommandLevel = floorLevels[2];

// About the size of a hand-over offer's body.
const body = (n: number): string =>
  JSON.stringify({
    streamId: `floor-${n % 5000}`,
    to: {
      person: { personId: 'lt-consulent', name: 'Consulent Lokaal Team' },
      organisation: { organisationId: 'lt-zuid', name: 'Lokaal team Zuid', kind: 'local-team' },
    },
    reason: 'Overdracht naar het lokale team voor de hulp na de veiligheidsbeoordeling.',
    phase: 'stable-safety',
  });

export const floorRequests = (path: string): AutocannonRequest[] => {
  let n = 0;
  return [
    {
      method: 'POST',
      path,
      setupRequest: (request) => {
        n += 1;
        return {
          ...request,
          body: body(n),
          headers: { 'content-type': 'application/json', 'idempotency-key': `${randomBytes(8).toString('hex')}-${n}` },
        };
      },
    },
  ];
};
