import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { client } from '../support/http-client';
import { seedCollaborative } from '../support/collaborative';
import { TEST_OPERATOR_KEY } from '../support/ledger-app';
import { startReceiver, tempDir, until } from './support';

type Answer = { id: string; position: number; secret: string };
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Starts the ledger in a child process on the data folder; resolves with its base URL once it listens. */
async function startLedgerProcess(dataDir: string): Promise<{ child: ChildProcess; baseUrl: string; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, ['--require', join(__dirname, '..', 'support', 'ts-register.js'), join(__dirname, 'fixtures', 'ledger-process.ts')], {
    env: {
      ...process.env,
      LEDGER_DATA_DIR: dataDir,
      LEDGER_STORE: 'sqlite',
      LEDGER_OPERATOR_KEY: TEST_OPERATOR_KEY,
      LEDGER_CHECKPOINT_INTERVAL_S: '0',
      LEDGER_RATE_LIMIT_PER_MINUTE: '0',
      LEDGER_WEBHOOKS_ALLOW_PRIVATE: 'true',
      LEDGER_WEBHOOK_RETRY_BASE_MS: '100',
      LEDGER_WEBHOOK_RETRY_MAX_S: '1',
      LEDGER_WEBHOOK_TIMEOUT_MS: '120000',
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  for await (const line of createInterface({ input: child.stdout! })) {
    const ready = /^ledger-process ready (\d+)$/.exec(line);
    if (ready) {
      const baseUrl = `http://127.0.0.1:${ready[1]}`;
      const { registerOperatorKey } = await import('../support/http-client');
      registerOperatorKey(baseUrl, TEST_OPERATOR_KEY);
      return { child, baseUrl, exited };
    }
  }
  throw new Error(`the ledger process ended before it was ready: ${stderr}`);
}

/**
 * The ledger is killed (SIGKILL) while it waits on a webhook delivery, with commands still arriving:
 * after a restart on the same data, every event the subscriber may read reaches the receiver (at
 * least once, each signature verified), in order per record.
 */
describe('webhook deliveries across a crash of the ledger (SIGKILL mid-delivery)', () => {
  const data = tempDir('ledger-webhook-crash-');
  let secret = '';
  let crashed = false;
  let hung: () => void = () => undefined;
  const hanging = new Promise<void>((resolve) => (hung = resolve));
  const receivers: Array<{ close(): Promise<void> }> = [];

  afterAll(async () => {
    for (const receiver of receivers) await receiver.close();
    data.remove();
  });

  it('loses no delivery', async () => {
    // The receiver holds its fifth request unanswered: the ledger is killed while that delivery is in flight.
    const receiver = await startReceiver(
      () => secret,
      (n) => {
        if (!crashed && n === 5) {
          hung();
          return 'hang';
        }
        return 204;
      },
    );
    receivers.push(receiver);
    const first = await startLedgerProcess(data.path);
    let http = client(first.baseUrl);
    await seedCollaborative(http, 'uv', [
      { id: 'upper-valley-health', sector: 'hospital', role: 'steward' },
      { id: 'riverside-chc', sector: 'community_org', role: 'member' },
    ]);
    const webhook = (await http.call<Answer>('POST', '/webhooks', { url: receiver.url, collaborativeId: 'uv' }, { authorization: `Bearer ${await http.keyOf('riverside-chc')}` })).body;
    secret = webhook.secret;
    const make = (i: number) => http.as('riverside-chc')('/commitments', { collaborativeId: 'uv', promisee: { collaborativeId: 'uv' }, title: `Commitment ${i}`, dueDate: day(30) });
    for (let i = 0; i < 6; i++) expect((await make(i)).status).toBe(201);
    await hanging;
    // Commands keep arriving as the ledger dies: some are appended, some not; those answered must be delivered.
    const racing = Array.from({ length: 20 }, (_, i) => make(100 + i).catch(() => null));
    await new Promise((resolve) => setTimeout(resolve, 30));
    first.child.kill('SIGKILL');
    crashed = true;
    expect(await first.exited).toBe('SIGKILL');
    await Promise.all(racing);

    const second = await startLedgerProcess(data.path);
    try {
      http = client(second.baseUrl);
      const events = await http.get<{ items: Array<{ position: number; streamId: string; eventId: string }> }>(`/ledger/events?after=${webhook.position}&limit=1000`);
      const owed = events.body.items.filter((e) => e.streamId.startsWith('commitment-'));
      expect(owed.length).toBeGreaterThanOrEqual(6);
      const delivered = () => new Set(receiver.accepted.map((d) => d.body.data.position));
      await until(() => owed.every((e) => delivered().has(e.position)), 'every owed event delivered after the restart', 60_000);
      expect(receiver.unverified).toEqual([]);
      // Only the collaborative's events; each owed one delivered, none that is not owed; in log order per record (first deliveries).
      const owedPositions = new Set(owed.map((e) => e.position));
      expect(receiver.accepted.every((d) => owedPositions.has(d.body.data.position))).toBe(true);
      const firstSeen: number[] = [];
      for (const d of receiver.accepted) if (!firstSeen.includes(d.body.data.position)) firstSeen.push(d.body.data.position);
      expect(firstSeen).toEqual([...firstSeen].sort((a, b) => a - b));
      const log = await http.getAs('riverside-chc')<{ items: Array<{ status: string }> }>(`/webhooks/${webhook.id}/deliveries?limit=500`);
      expect(new Set(log.body.items.map((d) => d.status))).toEqual(new Set(['delivered']));
      expect(log.body.items).toHaveLength(owed.length);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
