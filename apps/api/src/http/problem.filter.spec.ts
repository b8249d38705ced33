import { BadRequestException, ConflictException, HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import { z } from 'zod';
import { FamilyDataErased } from '@ketenregie/access-server';
import { problemSchema } from '@ketenregie/contracts';
import type { Logger } from '../logging/logger';
import { ProblemFilter } from './problem.filter';

type Sent = { status: number; contentType: string; body: Record<string, unknown>; headers: Record<string, string> };

const run = (exception: unknown, url = '/api/v1/cases/123?bsn=123456782') => {
  const logged: { fields: Record<string, unknown>; message: string }[] = [];
  const logger = { error: (fields: Record<string, unknown>, message: string) => logged.push({ fields, message }) };
  const sent: Partial<Sent> = { headers: {} };
  const response = {
    headersSent: false,
    setHeader(name: string, value: string) {
      sent.headers = { ...sent.headers, [name.toLowerCase()]: value };
      return this;
    },
    getHeader: (name: string) => (name.toLowerCase() === 'x-request-id' ? 'req-42' : undefined),
    status(code: number) {
      sent.status = code;
      return this;
    },
    type(contentType: string) {
      sent.contentType = contentType;
      return this;
    },
    send(body: string) {
      sent.body = JSON.parse(body) as Record<string, unknown>;
      return this;
    },
    end: () => undefined,
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ originalUrl: url, url }), getResponse: () => response }),
  } as unknown as ArgumentsHost;
  new ProblemFilter(logger as unknown as Logger).catch(exception, host);
  return { sent: sent as Sent, logged };
};

describe('ProblemFilter', () => {
  it('answers unknown routes with a 404 problem whose instance has no query string', () => {
    const { sent } = run(new NotFoundException('Cannot GET /api/v1/cases/123?bsn=123456782'));
    expect(sent.status).toBe(404);
    expect(sent.contentType).toBe('application/problem+json; charset=utf-8');
    expect(problemSchema.parse(sent.body)).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Dit adres bestaat niet.',
      instance: '/api/v1/cases/123',
    });
  });

  it('lists field paths for validation errors', () => {
    const schema = z.object({ family: z.object({ name: z.string().min(1) }), urgent: z.boolean() });
    const error = schema.safeParse({ family: { name: '' }, urgent: 'yes' }).error;
    const { sent } = run(error);
    expect(sent.status).toBe(400);
    const problem = problemSchema.parse(sent.body);
    expect(problem.errors?.map((entry) => entry.path)).toEqual(['family.name', 'urgent']);
  });

  it('uses the message of a 4xx exception thrown with one, and problem fields given explicitly', () => {
    expect(run(new ConflictException('Het plan is intussen gewijzigd.')).sent.body).toMatchObject({
      status: 409,
      title: 'Conflict',
      detail: 'Het plan is intussen gewijzigd.',
    });
    const explicit = new HttpException(
      { type: 'https://example.org/problems/deadline', title: 'Termijn verstreken', detail: 'De termijn is voorbij.' },
      422,
    );
    expect(run(explicit).sent.body).toMatchObject({
      type: 'https://example.org/problems/deadline',
      title: 'Termijn verstreken',
      status: 422,
      detail: 'De termijn is voorbij.',
    });
  });

  it('hides unexpected errors behind an error id that is also logged', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint "families_pkey"'), {
      query: 'insert into families (name) values ($1)',
      parameters: ['Jansen'],
    });
    const { sent, logged } = run(error);
    expect(sent.status).toBe(500);
    const body = JSON.stringify(sent.body);
    expect(body).not.toMatch(/insert|families|Jansen|stack|at /);
    expect(problemSchema.parse(sent.body).title).toBe('Internal Server Error');
    const errorId = sent.body['errorId'];
    expect(errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent.body['detail']).toContain(String(errorId));
    expect(logged).toHaveLength(1);
    expect(logged[0].fields).toMatchObject({ errorId, requestId: 'req-42', errorClass: 'Error' });
    expect(JSON.stringify(logged[0].fields)).not.toContain('Jansen');
  });

  it('keeps the status of other server-side HTTP errors without logging them as bugs', () => {
    const { sent, logged } = run(new ServiceUnavailableException());
    expect(sent.status).toBe(503);
    expect(sent.headers['retry-after']).toBe('1');
    expect(logged).toHaveLength(0);
  });
  it("answers the body parser's client errors with their status, without their English message", () => {
    const tooLarge = Object.assign(new Error('request entity too large: {"password":"geheim"}'), {
      status: 413,
      statusCode: 413,
      expose: true,
      type: 'entity.too.large',
    });
    const { sent, logged } = run(tooLarge);
    expect(sent.status).toBe(413);
    expect(sent.body['detail']).toBe('Het verzoek is te groot.');
    expect(JSON.stringify(sent.body)).not.toContain('geheim');
    expect(logged).toEqual([]);
    // A 5xx-like or unexposed error stays an internal error.
    expect(run(Object.assign(new Error('x'), { status: 400, expose: false })).sent.status).toBe(500);
  });
  it('answers what Nest makes of a body that is not JSON or an undecodable path in Dutch, without quoting the request', () => {
    // Nest maps the parser's SyntaxError and the router's URIError to these, with their messages.
    const json = run(new BadRequestException('Unexpected token \'J\', "Jansen" is not valid JSON')).sent;
    expect(json.status).toBe(400);
    expect(json.body['detail']).toBe('De inhoud van het verzoek is geen geldige JSON.');
    const path = run(new BadRequestException("Failed to decode param '%ED%A0%80Jansen'")).sent;
    expect(path.body['detail']).toBe('Het adres bevat een ongeldige %-codering.');
    expect(JSON.stringify([json.body, path.body])).not.toContain('Jansen');
  });

  it('answers a change to an erased family with 410', () => {
    const { sent, logged } = run(new FamilyDataErased('family-1', { erasedAt: new Date('2026-01-01T00:00:00Z'), reason: 'request' }));
    expect(sent.status).toBe(410);
    expect(sent.body['type']).toBe('urn:ketenregie:problem:family.erased');
    expect(JSON.stringify(sent.body)).not.toContain('family-1');
    expect(logged).toEqual([]);
  });
});
