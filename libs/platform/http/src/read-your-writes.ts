import { HttpException } from '@nestjs/common';
import type { EventStore, ProjectionRunner } from '@ketenregie/event-store';
import { ProjectionTimeout } from '@ketenregie/event-store';

/**
 * Read-your-writes for queries. A command answers with the checkpoint of its last event; a query
 * given that checkpoint (`?after=`) waits until the read models it reads have passed it, so a
 * client never shows a list that lacks what it just saved. Bounded: after `timeoutMs` the query
 * answers 503 with Retry-After instead of stale data.
 */
export const awaitCheckpoint = async (
  store: EventStore,
  runner: ProjectionRunner,
  projections: string[],
  after: string | undefined,
  timeoutMs = 5_000,
): Promise<void> => {
  if (after === undefined || after === '') return;
  if (!store.isCheckpoint(after)) {
    throw new HttpException(
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'Het controlepunt in "after" is ongeldig.',
        errors: [{ path: 'query.after', message: 'Geen geldig controlepunt: gebruik de waarde uit het antwoord op een opdracht.' }],
      },
      400,
    );
  }
  const checkpoint = after;
  const deadline = Date.now() + timeoutMs;
  try {
    for (const name of projections) {
      await runner.waitFor(name, checkpoint, Math.max(1, deadline - Date.now()));
    }
  } catch (error) {
    if (!(error instanceof ProjectionTimeout)) throw error;
    throw new HttpException(
      {
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: 'De gegevens worden nog bijgewerkt. Probeer het over een ogenblik opnieuw.',
      },
      503,
    );
  }
};
