import { STATUS_CODES } from 'node:http';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { apiVersion, apiVersionHeader } from '@ketenregie/contracts';

/** What Node's HTTP parser reports, as the status it would have answered with. */
const statusOf = (code: string | undefined): number => {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return 431;
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 413;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    default:
      return 400;
  }
};

const details: Record<number, string> = {
  400: 'Het verzoek is geen geldig HTTP-verzoek.',
  408: 'Het verzoek kwam niet op tijd volledig binnen.',
  413: 'Het verzoek is te groot.',
  431: 'Het adres of de kopregels van het verzoek zijn te lang.',
};

/** The whole answer to a request the parser refused, as bytes for the socket: a problem like every other error. */
export const malformedRequestAnswer = (code: string | undefined): string => {
  const status = statusOf(code);
  const title = STATUS_CODES[status] ?? 'Bad Request';
  const body = JSON.stringify({ type: 'about:blank', title, status, detail: details[status] });
  return [
    `HTTP/1.1 ${status} ${title}`,
    'Content-Type: application/problem+json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `${apiVersionHeader}: ${apiVersion}`,
    'Cache-Control: no-store',
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
};

/**
 * Requests that never reach Express, because Node's HTTP parser refused them (a URL or headers over
 * 16 kB, a malformed request line or header, a request that took too long), are answered with a
 * problem too. Node's own answer there is a bare status line without a body or `API-Version`,
 * which no client of this API expects. As Node does, nothing is written once a response to an
 * earlier request on the connection has started, and the connection is closed either way.
 */
export const answerMalformedRequests = (server: Server): void => {
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
      socket.end(malformedRequestAnswer(error.code));
      return;
    }
    socket.destroy();
  });
};
