import { client } from '../support/http-client';
import { startLedger, TEST_OPERATOR_KEY, type RunningLedger } from '../support/ledger-app';

interface SseMessage {
  id?: string;
  data?: string;
}

/** Opens an SSE stream and collects messages until `enough` says so (or the timeout ends the test). */
async function readSse(url: string, headers: Record<string, string>, enough: (messages: SseMessage[]) => boolean, onOpen?: () => Promise<void>) {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { authorization: `Bearer ${TEST_OPERATOR_KEY}`, ...headers }, signal: abort.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const messages: SseMessage[] = [];
  let buffer = '';
  let opened = false;
  try {
    while (!enough(messages)) {
      if (!opened && onOpen) {
        opened = true;
        void onOpen();
      }
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const message: SseMessage = {};
        for (const line of block.split('\n')) {
          if (line.startsWith('id: ')) message.id = line.slice(4);
          if (line.startsWith('data: ')) message.data = line.slice(6);
        }
        if (message.data !== undefined) messages.push(message);
      }
    }
  } finally {
    abort.abort();
  }
  return messages;
}

describe('the raw log over HTTP: /ledger/events and /ledger/stream', () => {
  let ledger: RunningLedger;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    ledger = await startLedger();
    api = client(ledger.baseUrl);
    for (const id of ['north-clinic', 'south-clinic', 'east-clinic']) {
      expect((await api.asOperator('/organizations', { id, name: id, sector: 'community_org' })).status).toBe(201);
    }
  });
  afterAll(() => ledger.close());

  it('pages through raw events in position order with a cursor', async () => {
    const first = await api.get<{ items: Array<{ position: number; hash: string; prevHash: string }>; nextCursor: string | null }>('/ledger/events?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((e) => e.position)).toEqual([1, 2]);
    expect(first.body.items[1].prevHash).toBe(first.body.items[0].hash);
    expect(first.body.nextCursor).toBe('2');
    const second = await api.get<{ items: Array<{ position: number }>; nextCursor: string | null }>(`/ledger/events?after=${first.body.nextCursor}`);
    expect(second.body.items.map((e) => e.position)).toEqual([3]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('filters raw events by stream and type', async () => {
    const byStream = await api.get<{ items: Array<{ streamId: string }> }>('/ledger/events?stream=organization-south-clinic');
    expect(byStream.body.items.map((e) => e.streamId)).toEqual(['organization-south-clinic']);
    const byType = await api.get<{ items: Array<{ type: string }> }>('/ledger/events?type=OrganizationRegistered');
    expect(byType.body.items).toHaveLength(3);
  });

  it.each([
    ['/ledger/events?after=-1', 'after'],
    ['/ledger/events?limit=5000', 'limit'],
    ['/ledger/events?stream=../etc', 'stream'],
    ['/ledger/events?bogus=1', 'bogus'],
    ['/ledger/stream?after=x', 'after'],
    ['/ledger/stream?after=999', 'query.after'],
  ])('refuses %s with a 400 problem document naming %s', async (path, field) => {
    const answer = await api.get<{ status: number; errors: Array<{ path: string }> }>(path);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(answer.body.errors.map((e) => e.path).join(' ')).toContain(field);
  });

  it('streams history then live events, each with its position as the SSE id', async () => {
    const messages = await readSse(`${ledger.baseUrl}/ledger/stream`, {}, (m) => m.length >= 4, async () => {
      await api.asOperator('/organizations', { id: 'west-clinic', name: 'West Clinic', sector: 'community_org' });
    });
    expect(messages.map((m) => m.id)).toEqual(['1', '2', '3', '4']);
    const live = JSON.parse(messages[3].data!) as { streamId: string; position: number; hash: string };
    expect(live).toMatchObject({ streamId: 'organization-west-clinic', position: 4 });
    expect(live.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('resumes after Last-Event-ID (and after=), sending nothing twice', async () => {
    const resumed = await readSse(`${ledger.baseUrl}/ledger/stream`, { 'last-event-id': '2' }, (m) => m.length >= 2);
    expect(resumed.map((m) => m.id)).toEqual(['3', '4']);
    const fromQuery = await readSse(`${ledger.baseUrl}/ledger/stream?after=3`, {}, (m) => m.length >= 1);
    expect(fromQuery.map((m) => m.id)).toEqual(['4']);
  });

  it('refuses a Last-Event-ID that is not a position', async () => {
    const answer = await api.get<{ errors: Array<{ path: string }> }>('/ledger/stream', { 'last-event-id': 'abc' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].path).toBe('headers.last-event-id');
  });
});
