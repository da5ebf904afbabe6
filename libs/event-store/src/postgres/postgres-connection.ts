import { createHash } from 'node:crypto';
import { Client, type ClientConfig } from 'pg';

/** A schema name the adapter accepts: a lowercase, unquoted-safe identifier. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(
      `PostgreSQL schema ${JSON.stringify(schema)} is not valid: use lowercase letters, digits and _ (at most 63, not starting with a digit)`,
    );
  }
}

/** The connection string without its password, for messages and logs. */
export function redactConnectionString(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    url.password = '';
    for (const key of ['password', 'sslpassword']) url.searchParams.delete(key);
    return url.toString();
  } catch {
    return connectionString.replace(/(\/\/[^:/@]*):[^@/]*@/, '$1@');
  }
}

/** A readable account of a connection error (Node reports some refusals as an AggregateError with no message). */
export function describeConnectionError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map((e) => describeConnectionError(e)).join('; ');
  }
  if (error instanceof Error) {
    const code = (error as Error & { code?: string }).code;
    const message = error.message || code || error.name;
    return code && !message.includes(code) ? `${message} (${code})` : message;
  }
  return String(error);
}

/**
 * The LISTEN/NOTIFY channel on which a schema's appends are announced. Channel names are
 * identifiers (at most 63 bytes), unique per database, so the schema is part of the name.
 */
export function appendChannel(schema: string): string {
  const channel = `ledger_appended:${schema}`;
  if (channel.length <= 63) return channel;
  return `ledger_appended:${createHash('sha256').update(schema).digest('hex').slice(0, 40)}`;
}

/**
 * The PostgreSQL error classes that mean a statement was refused because of the data it carried
 * (22 data exception, 23 integrity constraint violation), as opposed to the connection or server
 * failing. Only these make a batch worth retrying append by append.
 */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

/** A listener that holds one dedicated connection with LISTEN, and reconnects when it is lost. */
export class NotificationListener {
  private client: Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private starting: Promise<void> | null = null;
  /** The connection attempt under way, if any. */
  private connecting: Promise<void> | null = null;
  private readonly dead = new WeakSet<Client>();

  constructor(
    private readonly config: ClientConfig,
    private readonly channel: string,
    /** Called with each notification's payload. */
    private readonly onNotification: (payload: string | undefined) => void,
    /** Called once listening (again): notifications sent while not listening are lost, so re-check. */
    private readonly onListening: () => void,
    private readonly retryMs = 1000,
  ) {}

  /** Starts listening; resolves once LISTEN is in place or the first attempt failed (it then retries). */
  start(): Promise<void> {
    if (!this.starting) this.starting = this.attempt();
    return this.starting;
  }

  get listening(): boolean {
    return this.client !== null;
  }

  private attempt(): Promise<void> {
    const attempt = this.connect().finally(() => {
      if (this.connecting === attempt) this.connecting = null;
    });
    this.connecting = attempt;
    return attempt;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client(this.config);
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.onNotification(message.payload);
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel.replace(/"/g, '""')}"`);
    } catch {
      this.lost(client);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.onListening();
  }

  private lost(client: Client): void {
    // A lost connection may report both 'error' and 'end': reconnect once per connection.
    if (this.dead.has(client)) return;
    this.dead.add(client);
    if (this.client === client) this.client = null;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.attempt();
    }, this.retryMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    // An attempt under way sees `stopped` when it finishes and closes its connection itself.
    await this.connecting;
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }
}

/**
 * Creates the database a connection string names, when it does not exist yet (first-time setup,
 * test suites). Connects to the server's maintenance database `postgres` with the same credentials.
 * Safe to call from several processes at once.
 */
export async function ensurePostgresDatabase(connectionString: string): Promise<void> {
  const url = new URL(connectionString);
  const database = decodeURIComponent(url.pathname.slice(1));
  if (!database) throw new Error(`${redactConnectionString(connectionString)} names no database`);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        // 42P04 duplicate_database, or 23505 when another process created it at the same moment.
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
    }
  } finally {
    await client.end();
  }
}
