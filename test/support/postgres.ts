import { Client } from 'pg';

/** The test database on the local server (created on first use). */
export const TEST_POSTGRES_URL = process.env.LEDGER_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/ledger_test';

export async function ensureTestDatabase(url = TEST_POSTGRES_URL): Promise<void> {
  const target = new URL(url);
  const database = target.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`).catch((e: { code?: string }) => {
      if (e.code !== '42P04') throw e; // created meanwhile by a parallel suite
    });
  } finally {
    await client.end();
  }
}

export async function dropSchema(schema: string, url = TEST_POSTGRES_URL): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
