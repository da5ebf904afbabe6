import { join } from 'node:path';
import { startLedger, type RunningLedger } from '../support/ledger-app';

describe('GET /health', () => {
  let ledger: RunningLedger;
  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(async () => {
    await ledger.close();
  });

  it("reports liveness and the store's state", async () => {
    const response = await fetch(`${ledger.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      store: { store: 'sqlite', status: 'up', headPosition: 0 },
      projections: { state: 'running', checkpoint: 0, headPosition: 0, lag: 0, readModels: join(ledger.dataDir, 'ledger.sqlite') },
      kafkaPublisher: { enabled: false },
    });
  });

  it('answers unknown paths with a problem document', async () => {
    const response = await fetch(`${ledger.baseUrl}/no-such-thing`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 404, title: 'not found' });
  });
});
