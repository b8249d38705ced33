import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { unstorableTextErrors } from '@ketenregie/contracts';
import { defaultOwnerId, isDeadLocalOwner } from '@ketenregie/event-store';
import type { SqlCompanion, SqlReadCompanion, SqlTransaction } from '@ketenregie/event-store';
import type { Actor } from '@ketenregie/kernel';
import { ensureSchema, preparedQuery } from '@ketenregie/platform-persistence';
import { problem } from '@ketenregie/platform-http';

export const idempotencyKeyHeader = 'Idempotency-Key';

/** Where a problem names the header: headers by their lower-case name, as HTTP/2 and Node have them. */
const headerPath = `headers.${idempotencyKeyHeader.toLowerCase()}`;

/** The 422 for a key sent again with another request: nothing of the second one is done. */
export const idempotencyKeyReused = (): Error =>
  problem(
    422,
    `Deze ${idempotencyKeyHeader} is al gebruikt voor een ander verzoek. Gebruik voor elke nieuwe opdracht een nieuwe sleutel.`,
    {
      type: 'urn:ketenregie:problem:http.idempotency-key-reused',
      errors: [{ path: headerPath, message: 'Al gebruikt voor een ander verzoek.' }],
    },
  );

// Printable ASCII without spaces: keys are opaque client tokens (typically UUIDs).
const KEY = /^[\x21-\x7e]{1,255}$/;

export type IdempotentRequest = {
  method: string;
  /** Path without query string. */
  path: string;
  body: unknown;
  actor: Actor;
};

export type StoredResponse = {
  status: number;
  body: unknown;
  headers: Record<string, string>;
};

export type IdempotencyClaim = { kind: 'execute' } | { kind: 'replay'; response: StoredResponse };

/** The key from the request headers; every command needs one (428 otherwise, RFC 6585). */
export const idempotencyKeyFrom = (headers: Record<string, string | string[] | undefined>): string => {
  const raw = headers[idempotencyKeyHeader.toLowerCase()];
  const key = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (!key) {
    throw problem(428, `De kopregel ${idempotencyKeyHeader} ontbreekt: stuur bij elke opdracht een unieke sleutel mee.`, {
      errors: [{ path: headerPath, message: 'Verplicht bij elke opdracht, bijvoorbeeld een UUID.' }],
    });
  }
  const unstorable = unstorableTextErrors(key, headerPath);
  if (unstorable.length > 0) throw problem(400, `De kopregel ${idempotencyKeyHeader} is ongeldig.`, { errors: unstorable });
  if (!KEY.test(key)) {
    throw problem(400, `De kopregel ${idempotencyKeyHeader} is ongeldig.`, {
      errors: [{ path: headerPath, message: 'Maximaal 255 zichtbare ASCII-tekens, zonder spaties.' }],
    });
  }
  return key;
};

// Key order must not change the fingerprint: a client library may serialise a retry differently.
const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Hash of what makes a request "the same request": method, path, body and who sends it. */
export const requestFingerprint = (request: IdempotentRequest): string =>
  sha256(
    canonicalJson([
      request.method.toUpperCase(),
      request.path,
      sha256(canonicalJson(request.body ?? {})),
      request.actor.userId,
      request.actor.organisationId ?? null,
      request.actor.onBehalfOf ?? null,
    ]),
  );

/**
 * The key within its user: what the store keeps and what ids are derived from. Clients choose their
 * keys, and two users may well choose the same one (a counter, a UUID copied from an example): one
 * user's key must neither answer nor block another user's request, nor give it the same case ids.
 */
export const scopedIdempotencyKey = (actor: Pick<Actor, 'userId'>, key: string): string =>
  `user:${sha256(canonicalJson(['ketenregie:idempotency-key:v1', actor.userId, key]))}`;

/**
 * A UUID (version 8, name-based) derived from the idempotency key: ids the server assigns (case,
 * report, hand-over...) come out the same when a request is retried, so a retry after a crash can
 * be recognised instead of recorded twice.
 */
export const derivedUuid = (key: string, name: string): string => {
  // Several per command (case, family, members, events...): set the bits on the digest's bytes
  // rather than splitting and joining its hex text.
  const bytes = createHash('sha256').update(`${key}\u0000${name}`).digest();
  bytes[6] = (bytes[6] & 0x0f) | 0x80; // version 8
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 9562 variant
  const digits = bytes.toString('hex', 0, 16);
  return `${digits.slice(0, 8)}-${digits.slice(8, 12)}-${digits.slice(12, 16)}-${digits.slice(16, 20)}-${digits.slice(20, 32)}`;
};

// A claim whose request never finished may be taken over after this, so a client is not locked out
// of its own key forever; well above any command's duration. A claim of a process on this host
// that no longer runs (killed mid-request) is taken over at once, as a projection's lease is.
const abandonedAfterSeconds = 60;

/**
 * Records here are committed without waiting for the WAL flush (`synchronous_commit = off` for that
 * one statement's transaction; other sessions see them at once). Losing the last fraction of a
 * second of records in a crash is harmless: the event store is the record of what was executed,
 * and a retried command finds its own earlier events by their causation id and answers with them.
 * Waiting for a second and third disk flush per command would buy nothing but latency.
 */
const asyncCommit = `(select set_config('synchronous_commit', 'off', true)) as async_commit`;

type Row = {
  fingerprint: string;
  status_code: number | null;
  response_body: unknown;
  response_headers: Record<string, string> | null;
  owner: string | null;
};

/**
 * Stores each command's response under its Idempotency-Key, scoped to its user (table
 * `http_idempotency`, keyed by `scopedIdempotencyKey`). A claim names the process that holds it
 * (`host:pid:random`, as projection leases do). Only successful responses are kept: a rejected
 * command changed nothing, so executing its retry again is harmless and may legitimately succeed
 * once the case allows it. Stored bodies hold ids, versions and event names only, never personal
 * data.
 */
@Injectable()
export class IdempotencyStore implements OnModuleInit {
  /** This process, in the claims it holds. */
  readonly owner: string = defaultOwnerId();

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await ensureSchema(this.dataSource, 'http-idempotency', [
      `create table if not exists http_idempotency (
        idempotency_key text primary key,
        fingerprint text not null,
        status_code integer,
        response_body jsonb,
        response_headers jsonb,
        created_at timestamptz not null default now(),
        completed_at timestamptz
      )`,
      `alter table http_idempotency add column if not exists owner text`,
    ]);
  }

  /**
   * Claims the (scoped) key for this request, or says to replay the stored response; 422 for a key
   * used for another request, 409 while another request holds it.
   */
  async claim(key: string, fingerprint: string): Promise<IdempotencyClaim> {
    const inserted = await preparedQuery(
      this.dataSource,
      `insert into http_idempotency (idempotency_key, fingerprint, owner) select $1, $2, $3 from ${asyncCommit}
       on conflict (idempotency_key) do nothing returning idempotency_key`,
      [key, fingerprint, this.owner],
    );
    if (inserted.rows.length === 1) return { kind: 'execute' };

    const {
      rows: [row],
    } = await preparedQuery<Row>(
      this.dataSource,
      `select fingerprint, status_code, response_body, response_headers, owner from http_idempotency where idempotency_key = $1`,
      [key],
    );
    // Released between our insert and select (the other request failed): try once more.
    if (!row) return this.claim(key, fingerprint);
    if (row.fingerprint !== fingerprint) throw idempotencyKeyReused();
    if (row.status_code !== null) {
      return { kind: 'replay', response: { status: row.status_code, body: row.response_body, headers: row.response_headers ?? {} } };
    }
    // Taken over only from the holder seen here: of two requests taking over, one wins.
    const deadHolder = row.owner !== null && isDeadLocalOwner(row.owner);
    const takenOver = (await this.dataSource.query(
      `update http_idempotency set created_at = now(), owner = $3 from ${asyncCommit}
       where idempotency_key = $1 and status_code is null and owner is not distinct from $4
         and ($5 or created_at < now() - make_interval(secs => $2))
       returning idempotency_key`,
      [key, abandonedAfterSeconds, this.owner, row.owner, deadHolder],
    )) as [unknown[], number];
    if (takenOver[0].length === 1) return { kind: 'execute' };
    throw problem(409, 'Dit verzoek wordt al verwerkt. Probeer het over enkele ogenblikken opnieuw.', {
      type: 'urn:ketenregie:problem:http.request-in-progress',
    });
  }

  /**
   * The first step of `claim` as the companion of a read (`SqlReadCompanion`): its `result` says
   * whether the key was claimed now. When it was not, `claim` decides as ever (replay, 422, 409 or
   * a take-over); a claim made here is the same row, committed the same way.
   */
  claimCompanion(key: string, fingerprint: string): SqlReadCompanion {
    return {
      ctes: `idempotency_claim as (
    insert into http_idempotency (idempotency_key, fingerprint, owner) select $1, $2, $3 from ${asyncCommit}
    on conflict (idempotency_key) do nothing returning 1),
  idempotency_claimed as (select count(*) > 0 as claimed from idempotency_claim)`,
      values: [key, fingerprint, this.owner],
      result: 'idempotency_claimed',
    };
  }

  async complete(key: string, response: StoredResponse): Promise<void> {
    await preparedQuery(
      this.dataSource,
      `update http_idempotency set status_code = $2, response_body = $3, response_headers = $4, completed_at = now()
         from ${asyncCommit}
       where idempotency_key = $1`,
      [key, response.status, JSON.stringify(response.body), JSON.stringify(response.headers)],
    );
  }

  /**
   * The completion inside the change's own transaction (the append's): the stored answer commits
   * with the events, durably, or not at all. No `synchronous_commit` here: it would weaken the
   * commit of the events too.
   */
  async completeWithin(transaction: SqlTransaction, key: string, response: StoredResponse): Promise<void> {
    await transaction.query(
      `update http_idempotency set status_code = $2, response_body = $3, response_headers = $4, completed_at = now()
       where idempotency_key = $1`,
      [key, response.status, JSON.stringify(response.body), JSON.stringify(response.headers)],
    );
  }

  /**
   * The completion written by the append's own statement (`SqlCompanion`), durable with the events
   * or not at all. The append's result is known only there: the stored body's `version` and
   * `checkpoint` and the `ETag` header (`etagOf`'s form, `"<version>"`) are taken from
   * `append_result`, the rest of `response` is stored as given.
   */
  completeCompanion(key: string, response: StoredResponse): SqlCompanion {
    return {
      ctes: `idempotency_completed as (
    update http_idempotency set status_code = $2,
      response_body = jsonb_set(jsonb_set($3::jsonb, '{version}', to_jsonb(r.next_version::bigint)), '{checkpoint}', to_jsonb(r.checkpoint)),
      response_headers = jsonb_set($4::jsonb, '{ETag}', to_jsonb('"' || r.next_version::bigint::text || '"')),
      completed_at = now()
    from append_result r where idempotency_key = $1 returning 1)`,
      values: [key, response.status, JSON.stringify(response.body), JSON.stringify(response.headers)],
    };
  }

  /** The request failed: free the key so the client can retry it (unless another process took it over). */
  async release(key: string): Promise<void> {
    await preparedQuery(
      this.dataSource,
      `delete from http_idempotency using ${asyncCommit} where idempotency_key = $1 and status_code is null and owner = $2`,
      [key, this.owner],
    );
  }
}
