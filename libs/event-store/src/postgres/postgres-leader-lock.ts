import { Client, type ClientConfig } from 'pg';
import type { LeaderLock } from '../leader-lock';
import { describeConnectionError } from './postgres-connection';

/** First key of the two-key advisory lock of the leader ('lead'); the second is the schema's hash. */
export const LEADER_LOCK_KEY = 0x6c656164;

/**
 * How fast PostgreSQL notices a holder that vanished without closing its connection (a machine that
 * died, a cable cut): TCP keepalives on the server's side of the lock's connection, probing after 4 s
 * of silence, every 2 s, giving up after 2 unanswered probes — the lock is free about 8 s later. A
 * process that dies (SIGKILL, a crash) has its socket closed by its kernel: the lock is free at once.
 */
const SERVER_KEEPALIVES = '-c tcp_keepalives_idle=4 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=2';

/** A query on the lock's connection that takes longer than this counts as the lock being lost. */
const LOCK_QUERY_TIMEOUT_MS = 3_000;

/**
 * The leader's lock on PostgreSQL: a session-level advisory lock (LEADER_LOCK_KEY, hash of the
 * schema) held on a connection of its own, outside the store's pool, so that nothing else ever runs
 * on it and the lock lives exactly as long as the holder's session. A follower keeps the connection
 * and asks again on it (`pg_try_advisory_lock`, never waiting); the holder asks, every second or so,
 * whether its session still holds the lock (`stillHeld`). A query that fails or takes over 3 s, or an
 * error or end of the connection, means the lock is lost: the holder stops acting as leader before
 * PostgreSQL (keepalives, above) can have given the lock to another.
 */
export class PostgresLeaderLock implements LeaderLock {
  private client: Client | null = null;
  private held = false;
  private readonly listeners: Array<(reason: string) => void> = [];

  constructor(
    private readonly config: ClientConfig,
    private readonly schema: string,
  ) {}

  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    const client = this.client ?? (await this.connect());
    try {
      const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS held', [LEADER_LOCK_KEY, this.schema]);
      this.held = rows[0]?.held === true && client === this.client;
    } catch (error) {
      this.drop(client);
      throw error;
    }
    return this.held;
  }

  async stillHeld(): Promise<boolean> {
    const client = this.client;
    if (!client || !this.held) return false;
    const { rows } = await client.query<{ held: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
         AND classid::int4 = $1 AND objid::int4 = hashtext($2) AND objsubid = 2) AS held`,
      [LEADER_LOCK_KEY, this.schema],
    );
    return rows[0]?.held === true;
  }

  onLost(listener: (reason: string) => void): void {
    this.listeners.push(listener);
  }

  /** Ends the lock's session (and so the lock, if held); the next tryAcquire connects again. */
  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.held = false;
    if (client) await this.close(client);
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      ...this.config,
      keepAlive: true,
      keepAliveInitialDelayMillis: 4_000,
      query_timeout: LOCK_QUERY_TIMEOUT_MS,
      options: [this.config.options, SERVER_KEEPALIVES].filter(Boolean).join(' '),
    });
    // Errors of an idle connection come as events: without a listener they would end the process.
    client.on('error', (error) => this.lost(client, `the lock's connection failed: ${describeConnectionError(error)}`));
    client.on('end', () => this.lost(client, "the lock's connection ended"));
    try {
      await client.connect();
    } catch (error) {
      await this.close(client);
      throw error;
    }
    this.client = client;
    return client;
  }

  private lost(client: Client, reason: string): void {
    if (client !== this.client) return;
    const wasHeld = this.held;
    this.drop(client);
    if (wasHeld) for (const listener of this.listeners) listener(reason);
  }

  private drop(client: Client): void {
    if (client === this.client) {
      this.client = null;
      this.held = false;
    }
    void this.close(client);
  }

  /** Ends a connection (its session, and so the lock if it held it). */
  private async close(client: Client): Promise<void> {
    client.removeAllListeners('end');
    await client.end().catch(() => undefined);
  }
}
