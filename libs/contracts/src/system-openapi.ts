import { z } from 'zod';
import type { OpenApiOperation } from './openapi/openapi-document';
import { queryOperation, queryRoute } from './openapi/route-declaration';
import type { QueryRoute } from './openapi/route-declaration';
import { storableString } from './text';
import { systemStatusSchema } from './system-status';

// The app's own routes: status and the probes for the platform that runs it, each declared once;
// the app's controllers serve them with `@Route`, the OpenAPI document and the authorisation
// matrix read the list. The probes sit outside /api/v1 so a load balancer needs no session, no
// knowledge of the API and no change when its major version does.

export const systemStatusQuerySchema = z.object({
  after: storableString().optional().describe('Controlepunt van een eerdere opdracht: wacht tot de cijfers het hebben verwerkt.'),
});

export const livenessSchema = z.object({ status: z.literal('ok') });

export const projectionReadinessSchema = z.object({
  name: z.string(),
  /** Events the read model still has to apply. */
  lag: z.number().int().nonnegative(),
  /**
   * `degraded`: it has parked events (docs/adr/0010); `stopped`: no process runs it; `falling-behind`:
   * its lag is above READY_MAX_PROJECTION_LAG and has not shrunk for a while.
   */
  state: z.enum(['ok', 'degraded', 'stopped', 'falling-behind']),
  parkedEvents: z.number().int().nonnegative(),
  heldEvents: z.number().int().nonnegative(),
});

export const readinessSchema = z.object({
  /** `degraded` still serves (200); `unavailable` (503) when a store is down or a projection stopped or falls behind. */
  status: z.enum(['ok', 'degraded', 'unavailable']),
  database: z.enum(['up', 'down']),
  eventStore: z.enum(['up', 'down']),
  projections: z.array(projectionReadinessSchema),
});

export type Readiness = z.infer<typeof readinessSchema>;

export const getStatusRoute = queryRoute({
  method: 'get',
  path: '/status',
  operationId: 'getStatus',
  summary: 'Of de dienst bereikbaar is; aangemeld ook versie, opslag, aantallen gebeurtenissen per soort en de stand van elk leesmodel',
  tag: 'Systeem',
  authorisation: {
    kind: 'public',
    rule:
      'Zonder aanmelding alleen of de dienst bereikbaar is (`scope: public`). Met een sessie (iedere rol) de volledige stand ' +
      '(`scope: full`): alleen tellingen en namen van soorten gebeurtenissen, nooit gegevens van een gezin. `after` geldt alleen met een sessie.',
  },
  query: systemStatusQuerySchema,
  response: {
    body: { name: 'SystemStatus', schema: systemStatusSchema },
    description: 'Zonder sessie `scope: public` (bereikbaar); met sessie `scope: full`, de stand van het systeem.',
  },
  problems: [
    {
      status: '503',
      description: 'De database of de eventstore antwoordt niet, of (met `after`) de leesmodellen halen het controlepunt niet op tijd in.',
    },
  ],
});

export const getLivenessRoute = queryRoute({
  method: 'get',
  path: '/health/live',
  atRoot: true,
  operationId: 'getLiveness',
  summary: 'Het proces draait en beantwoordt HTTP',
  tag: 'Systeem',
  authorisation: { kind: 'public', rule: 'Voor het platform dat de app draait.' },
  response: { body: { name: 'Liveness', schema: livenessSchema }, description: 'Het proces leeft.' },
});

export const getReadinessRoute = queryRoute({
  method: 'get',
  path: '/health/ready',
  atRoot: true,
  operationId: 'getReadiness',
  summary: 'Kan deze instantie verzoeken aan: database en event store antwoorden, elk leesmodel draait en loopt niet steeds verder achter',
  tag: 'Systeem',
  authorisation: { kind: 'public', rule: 'Voor het platform dat de app draait.' },
  response: {
    body: { name: 'Readiness', schema: readinessSchema },
    description:
      'Database en event store antwoorden en elk leesmodel draait (`ok`), of een leesmodel heeft geparkeerde gebeurtenissen (`degraded`).',
  },
  problems: [
    {
      status: '503',
      description:
        'Database of event store antwoordt niet, of een leesmodel draait nergens of loopt steeds verder achter. Een probleem (problem+json) met de controles in `readiness` (`status: unavailable`).',
    },
  ],
});

export const systemRoutes: readonly QueryRoute[] = [getStatusRoute, getLivenessRoute, getReadinessRoute];

export const systemOperations: readonly OpenApiOperation[] = systemRoutes.map(queryOperation);
