import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export type TestDatabase = {
  url: string;
  name: string;
  drop: () => Promise<void>;
};

const serverUrl = (): string => {
  const url = process.env.KETENREGIE_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) {
    throw new Error('No test database server: run integration tests through jest (globalSetup starts one) or set DATABASE_URL.');
  }
  return url;
};

// Each test file gets a database of its own so files can run in parallel without sharing state.
export const createTestDatabase = async (prefix = 't'): Promise<TestDatabase> => {
  const base = new URL(serverUrl());
  const name = `${prefix}_${randomBytes(6).toString('hex')}`.toLowerCase();
  const admin = new Client({ connectionString: base.toString() });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const client = new Client({ connectionString: base.toString() });
      await client.connect();
      try {
        await client.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await client.end();
      }
    },
  };
};
