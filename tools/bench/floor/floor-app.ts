/**
 * The smallest NestJS app that does what a command's HTTP and database path does, for
 * `npm run bench:floor`: the same stack as the API (Nest on Express, `pg`, PostgreSQL at default
 * durability) with none of the work between the round trips. What it reaches on this machine is
 * the ceiling any command of the real API can approach.
 */
import 'reflect-metadata';
import { Body, Controller, Get, Headers, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });

const asyncCommit = `(select set_config('synchronous_commit', 'off', true)) as async_commit`;

@Controller()
class FloorController {
  @Get('health/ready')
  ready(): { ok: true } {
    return { ok: true };
  }

  /** HTTP, JSON in and out, Nest's routing: no database. */
  @Post('floor/echo')
  echo(@Body() body: Record<string, unknown>): { keys: number } {
    return { keys: Object.keys(body).length };
  }

  /** One durable insert (a WAL flush per commit, grouped by PostgreSQL as it can). */
  @Post('floor/durable')
  async durable(@Body() body: Record<string, unknown>): Promise<{ id: string }> {
    const { rows } = await pool.query<{ id: string }>({
      name: 'floor_durable',
      text: 'insert into floor_events (stream_id, data) values ($1, $2) returning id::text',
      values: [String(body['streamId'] ?? 'floor'), JSON.stringify(body)],
    });
    return { id: rows[0].id };
  }

  /**
   * The round trips of one command of the API, in its order, with nothing between them: claim the
   * Idempotency-Key (asynchronous commit), read the stream, write the access-log entry (durable),
   * append (durable), complete the key (asynchronous commit).
   */
  @Post('floor/command')
  command(@Body() body: Record<string, unknown>, @Headers('idempotency-key') key: string): Promise<{ id: string }> {
    return this.roundTrips(body, key, true);
  }

  /** The same with the access-log entry committed without its own WAL flush (the append's flushes it). */
  @Post('floor/command-one-flush')
  commandOneFlush(@Body() body: Record<string, unknown>, @Headers('idempotency-key') key: string): Promise<{ id: string }> {
    return this.roundTrips(body, key, false);
  }

  private async roundTrips(body: Record<string, unknown>, key: string, durableLog: boolean): Promise<{ id: string }> {
    const streamId = String(body['streamId'] ?? 'floor');
    await pool.query({ name: 'floor_claim', text: `insert into floor_keys (key) select $1 from ${asyncCommit}`, values: [key] });
    await pool.query({
      name: 'floor_read',
      text: 'select id, data from floor_events where stream_id = $1 order by id limit 20',
      values: [streamId],
    });
    await pool.query(
      durableLog
        ? { name: 'floor_log', text: 'insert into floor_log (entry) values ($1)', values: [JSON.stringify({ streamId, key })] }
        : {
            name: 'floor_log_async',
            text: `insert into floor_log (entry) select $1 from ${asyncCommit}`,
            values: [JSON.stringify({ streamId, key })],
          },
    );
    const { rows } = await pool.query<{ id: string }>({
      name: 'floor_durable',
      text: 'insert into floor_events (stream_id, data) values ($1, $2) returning id::text',
      values: [streamId, JSON.stringify(body)],
    });
    await pool.query({
      name: 'floor_complete',
      text: `update floor_keys set response = $2 from ${asyncCommit} where key = $1`,
      values: [key, rows[0].id],
    });
    return { id: rows[0].id };
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

const main = async (): Promise<void> => {
  await pool.query(`create table if not exists floor_events (id bigserial primary key, stream_id text not null, data jsonb not null);
    create index if not exists floor_events_stream on floor_events (stream_id, id);
    create table if not exists floor_keys (key text primary key, response text);
    create table if not exists floor_log (id bigserial primary key, entry jsonb not null)`);
  const app = await NestFactory.create(FloorModule, { logger: ['error'] });
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
};

void main();
