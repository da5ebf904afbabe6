/**
 * The event-store contract against a real PostgreSQL server: LEDGER_POSTGRES_URL, by default
 * postgres://postgres@127.0.0.1:5432/ledger_test (created when missing). Every store gets a fresh
 * schema, dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ensurePostgresDatabase, PostgresEventStore, quoteIdent } from '@ledger/event-store';
import { eventStoreContract } from './event-store.contract';

const url = process.env.LEDGER_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/ledger_test';
const schemas: string[] = [];
let schema = '';

const openStore = () => PostgresEventStore.open({ connectionString: url, schema, poolSize: 4 });

beforeAll(() => ensurePostgresDatabase(url));

eventStoreContract('postgres', {
  async open() {
    schema = `contract_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    return openStore();
  },
  reopen: openStore,
  writerEnv: () => ({ LEDGER_STORE: 'postgres', LEDGER_POSTGRES_URL: url, LEDGER_POSTGRES_SCHEMA: schema }),
});

afterAll(async () => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const name of schemas) await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(name)} CASCADE`);
  } finally {
    await client.end();
  }
});
