import { join } from 'node:path';
import { client } from '../support/http-client';
import { startLedger, type RunningLedger } from '../support/ledger-app';

describe('GET /health', () => {
  let ledger: RunningLedger;
  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(async () => {
    await ledger.close();
  });

  it("reports liveness and the store's state, without any path on the server", async () => {
    const response = await fetch(`${ledger.baseUrl}/health`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      status: 'ok',
      store: { store: 'sqlite', status: 'up', headPosition: 0 },
      projections: { state: 'running', checkpoint: 0, headPosition: 0, lag: 0, projectsHere: true },
      kafkaPublisher: { enabled: false },
      reminders: { enabled: false, reminderHour: 7, lastRun: null, failing: false },
      webhooks: { pending: 0, delivered: 0 },
      // One server on its own store: it runs every singleton (several servers: test/cluster/).
      cluster: { role: 'sole', since: expect.any(String), singletons: expect.arrayContaining(['projector', 'Kafka publisher', 'checkpoint signer']) },
    });
    expect(text).not.toContain(ledger.dataDir);
  });

  it('shows where the read models live to the operator only', async () => {
    const http = client(ledger.baseUrl);
    const asOperator = await http.get<{ projections: { readModels?: string } }>('/health');
    expect(asOperator.status).toBe(200);
    expect(asOperator.body.projections.readModels).toBe(join(ledger.dataDir, 'ledger.sqlite'));
    await http.asOperator('/organizations', { id: 'curious-org', name: 'Curious', sector: 'other' });
    for (const authorization of [`Bearer ${await http.keyOf('curious-org')}`, 'Bearer not-a-key-of-this-ledger', 'Basic b3BlcmF0b3I6cHc=']) {
      const answer = await fetch(`${ledger.baseUrl}/health`, { headers: { authorization } });
      expect(answer.status).toBe(200);
      expect(await answer.text()).not.toContain(ledger.dataDir);
    }
  });

  it('answers unknown paths with a problem document', async () => {
    const response = await fetch(`${ledger.baseUrl}/no-such-thing`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 404, title: 'not found' });
  });
});
