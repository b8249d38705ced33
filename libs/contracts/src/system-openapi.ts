import { z } from 'zod';
import type { OpenApiOperation } from './openapi/openapi-document';
import { storableString } from './text';
import { systemStatusSchema } from './system-status';

// The app's own operations: status and the probes for the platform that runs it. The probes sit
// outside /api so a load balancer needs no session and no knowledge of the API.

export const systemStatusQuerySchema = z.object({
  after: storableString().optional().describe('Controlepunt van een eerdere opdracht: wacht tot de cijfers het hebben verwerkt.'),
});

export const livenessSchema = z.object({ status: z.literal('ok') });

export const readinessSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['up', 'down']),
  eventStore: z.enum(['up', 'down']),
  /** Events each read model still has to apply; lag does not make the app unready. */
  projections: z.array(z.object({ name: z.string(), lag: z.number().int().nonnegative() })),
});

export const systemOperations: OpenApiOperation[] = [
  {
    method: 'get',
    path: '/api/status',
    operationId: 'getStatus',
    summary: 'Versie, opslag, aantallen gebeurtenissen per soort en de achterstand van elk leesmodel',
    tag: 'Systeem',
    authorisation: { kind: 'public', rule: 'Alleen tellingen en namen van soorten gebeurtenissen, nooit gegevens van een gezin.' },
    query: systemStatusQuerySchema,
    response: { body: { name: 'SystemStatus', schema: systemStatusSchema }, description: 'De stand van het systeem.' },
    problems: ['503'],
  },
  {
    method: 'get',
    path: '/health/live',
    operationId: 'getLiveness',
    summary: 'Het proces draait en beantwoordt HTTP',
    tag: 'Systeem',
    authorisation: { kind: 'public', rule: 'Voor het platform dat de app draait.' },
    response: { body: { name: 'Liveness', schema: livenessSchema }, description: 'Het proces leeft.' },
  },
  {
    method: 'get',
    path: '/health/ready',
    operationId: 'getReadiness',
    summary: 'Kan deze instantie verzoeken aan: database en event store antwoorden',
    tag: 'Systeem',
    authorisation: { kind: 'public', rule: 'Voor het platform dat de app draait.' },
    response: {
      body: { name: 'Readiness', schema: readinessSchema },
      description: 'Database en event store antwoorden.',
    },
    alsoAnswers: [{ status: '503', description: 'Database of event store antwoordt niet (`unavailable`); geen problem+json.', body: { name: 'Readiness', schema: readinessSchema } }],
  },
];
