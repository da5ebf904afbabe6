import { client } from '../support/http-client';
import { startLedger, TEST_OPERATOR_KEY, type RunningLedger } from '../support/ledger-app';
import { Scrape } from './support/prometheus';
import { freePort } from './support/server-process';

async function scrape(url: string, key: string | null = TEST_OPERATOR_KEY): Promise<{ status: number; contentType: string | null; text: string }> {
  const response = await fetch(url, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

describe('/metrics', () => {
  let ledger: RunningLedger;

  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(async () => {
    await ledger?.close();
  });

  it('serves the Prometheus text format whose counters move as commands and queries are sent', async () => {
    const http = client(ledger.baseUrl);
    const first = await scrape(`${ledger.baseUrl}/metrics`);
    expect(first.status).toBe(200);
    expect(first.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const before = new Scrape(first.text);
    for (const [name, type] of [
      ['ledger_commands_total', 'COUNTER'],
      ['ledger_command_duration_seconds', 'HISTOGRAM'],
      ['ledger_appends_total', 'COUNTER'],
      ['ledger_events_appended_total', 'COUNTER'],
      ['ledger_store_call_duration_seconds', 'HISTOGRAM'],
      ['ledger_queries_total', 'COUNTER'],
      ['ledger_query_duration_seconds', 'HISTOGRAM'],
      ['ledger_projection_lag_events', 'GAUGE'],
      ['ledger_log_head_position', 'GAUGE'],
      ['nodejs_eventloop_lag_seconds', 'GAUGE'],
      ['process_cpu_user_seconds_total', 'COUNTER'],
      ['process_resident_memory_bytes', 'GAUGE'],
    ] as const) {
      expect(before.family(name).type).toBe(type);
    }
    // The publisher is off in this ledger (no KAFKA_BROKERS), and says so.
    expect(before.value('ledger_publisher_enabled')).toBe(0);
    expect(before.family('ledger_publisher_lag_events').type).toBe('GAUGE');

    for (const id of ['metrics-a', 'metrics-b', 'metrics-c']) expect((await http.asOperator('/organizations', { id, name: id, sector: 'other' })).status).toBe(201);
    // The same id again: refused by the record (a conflict), appending nothing.
    expect((await http.asOperator('/organizations', { id: 'metrics-a', name: 'again', sector: 'other' })).status).toBe(409);
    // A retry with the same Idempotency-Key: answered again, not recorded again.
    const retry = { 'idempotency-key': 'metrics-retry-1' };
    expect((await http.asOperator('/organizations', { id: 'metrics-d', name: 'd', sector: 'other' }, retry)).status).toBe(201);
    expect((await http.asOperator('/organizations', { id: 'metrics-d', name: 'd', sector: 'other' }, retry)).status).toBe(201);
    for (let i = 0; i < 2; i++) expect((await http.get('/commitments')).status).toBe(200);

    const after = new Scrape((await scrape(`${ledger.baseUrl}/metrics`)).text);
    const moved = (name: string, labels: Record<string, string> = {}) => after.value(name, labels) - before.value(name, labels);
    const kind = { kind: 'RegisterOrganization' };
    expect(moved('ledger_commands_total', { ...kind, outcome: 'ok' })).toBe(4);
    expect(moved('ledger_commands_total', { ...kind, outcome: 'conflict' })).toBe(1);
    expect(moved('ledger_commands_total', { ...kind, outcome: 'replayed' })).toBe(1);
    expect(after.count('ledger_command_duration_seconds', { ...kind, outcome: 'ok' }) - before.count('ledger_command_duration_seconds', { ...kind, outcome: 'ok' })).toBe(4);
    expect(moved('ledger_events_appended_total')).toBe(4);
    expect(moved('ledger_appends_total', { outcome: 'ok' })).toBe(4);
    expect(moved('ledger_queries_total', { route: '/commitments', status: '200' })).toBe(2);
    expect(after.count('ledger_query_duration_seconds', { route: '/commitments' })).toBe(2);
    expect(after.value('ledger_log_head_position')).toBe(before.value('ledger_log_head_position') + 4);
    expect(after.count('ledger_store_call_duration_seconds', { operation: 'appendMany', outcome: 'ok' })).toBeGreaterThanOrEqual(4);
  });

  it("is the operator's to read: an organization's key is refused, and no key is unauthenticated", async () => {
    const http = client(ledger.baseUrl);
    expect((await http.asOperator('/organizations', { id: 'metrics-reader', name: 'Reader', sector: 'other' })).status).toBe(201);
    const forbidden = await scrape(`${ledger.baseUrl}/metrics`, await http.keyOf('metrics-reader'));
    expect(forbidden.status).toBe(403);
    expect(JSON.parse(forbidden.text)).toMatchObject({ code: 'operator_only' });
    expect((await scrape(`${ledger.baseUrl}/metrics`, null)).status).toBe(401);
  });

  it('with LEDGER_METRICS_PORT, serves them on that port without a key, and not on the API port', async () => {
    const port = await freePort();
    const separate = await startLedger({ LEDGER_METRICS_PORT: String(port) });
    try {
      expect((await scrape(`${separate.baseUrl}/metrics`)).status).toBe(404);
      const open = await scrape(`http://127.0.0.1:${port}/metrics`, null);
      expect(open.status).toBe(200);
      expect(new Scrape(open.text).family('ledger_commands_total').type).toBe('COUNTER');
      expect((await scrape(`http://127.0.0.1:${port}/anything-else`, null)).status).toBe(404);
    } finally {
      await separate.close();
    }
  });
});
