import { followEventStream, SseParser, type SseMessage } from '../../apps/dashboard/src/lib/sse';
import { compareDecimals, groupDigits, subtractDecimals, sumDecimals } from '../../apps/dashboard/src/lib/decimal';
import { formatMoney } from '../../apps/dashboard/src/lib/format';

/** The dashboard's Server-Sent Events reader (fetch + ReadableStream, since EventSource cannot send a key). */
describe('dashboard: reading /ledger/stream', () => {
  const stream = 'retry: 2000\n\nid: 1\ndata: {"position":1}\n\n: heartbeat\n\nid: 2\ndata: {"position":\ndata: 2}\n\nid: 3\nevent: other\ndata: x\n\n';

  function parseInChunks(text: string, cut: number[]): SseMessage[] {
    const parser = new SseParser();
    const out: SseMessage[] = [];
    let from = 0;
    for (const at of [...cut, text.length]) {
      out.push(...parser.push(text.slice(from, at)));
      from = at;
    }
    return out;
  }

  it('parses messages, ids, multi-line data, comments and retry, however the bytes are split', () => {
    const expected = [
      { id: '1', event: 'message', data: '{"position":1}' },
      { id: '2', event: 'message', data: '{"position":\n2}' },
      { id: '3', event: 'other', data: 'x' },
    ];
    for (const text of [stream, stream.replace(/\n/g, '\r\n'), stream.replace(/\n/g, '\r')]) {
      expect(parseInChunks(text, [])).toEqual(expected);
      for (let cut = 1; cut < text.length; cut += 1) expect(parseInChunks(text, [cut])).toEqual(expected);
    }
    const parser = new SseParser();
    parser.push(stream);
    expect(parser.retry).toBe(2000);
    expect(parser.lastEventId).toBe('3');
  });

  it('follows the stream, resumes with Last-Event-ID after a break, and stops when refused or aborted', async () => {
    const calls: Array<Record<string, string>> = [];
    const bodies = ['id: 7\ndata: {"position":7}\n\nid: 8\ndata: {"position":8}\n\n', 'id: 9\ndata: {"position":9}\n\n'];
    const controller = new AbortController();
    const received: string[] = [];
    const states: string[] = [];
    const fakeFetch = (async (_url: string, init: { headers: Record<string, string> }) => {
      calls.push(init.headers);
      const body = bodies.shift();
      if (body === undefined) return new Response(null, { status: 403 });
      return new Response(
        new ReadableStream({
          start(c) {
            const bytes = new TextEncoder().encode(body);
            // Split inside a multi-byte boundary-free ASCII stream, in two reads.
            c.enqueue(bytes.slice(0, 5));
            c.enqueue(bytes.slice(5));
            c.close();
          },
        }),
        { status: 200, headers: { 'content-type': 'text/event-stream' } },
      );
    }) as unknown as typeof fetch;
    await followEventStream({
      url: '/ledger/stream',
      headers: { authorization: 'Bearer k' },
      lastEventId: '6',
      onMessage: (m) => received.push(m.id ?? ''),
      onState: (s) => states.push(s),
      signal: controller.signal,
      retryMs: 1,
      fetchImpl: fakeFetch,
    });
    expect(received).toEqual(['7', '8', '9']);
    expect(calls.map((h) => h['last-event-id'])).toEqual(['6', '8', '9']);
    expect(calls.every((h) => h.authorization === 'Bearer k' && h.accept === 'text/event-stream')).toBe(true);
    expect(states).toContain('open');
    expect(states[states.length - 1]).toBe('refused');
  });
});

describe('dashboard: money and decimals, exactly', () => {
  it('sums decimal strings without floating point', () => {
    expect(sumDecimals(['0.10', '0.20'])).toBe('0.30');
    expect(sumDecimals(['250000.00', '85000.00'])).toBe('335000.00');
    expect(sumDecimals(['9007199254740993.01', '1.00'])).toBe('9007199254740994.01');
    expect(sumDecimals(['-5.5', '2.25'])).toBe('-3.25');
    expect(sumDecimals([], 2)).toBe('0.00');
    expect(subtractDecimals('100.00', '100.01')).toBe('-0.01');
    expect(compareDecimals('10.0', '9.99')).toBe(1);
  });

  it('shows every digit as given, grouped, with the currency', () => {
    expect(formatMoney({ currency: 'USD', amount: '605000.00' })).toBe('$605,000.00');
    expect(formatMoney({ currency: 'USD', amount: '0.00' })).toBe('$0.00');
    expect(formatMoney({ currency: 'USD', amount: '-134276.07' })).toBe('-$134,276.07');
    expect(formatMoney({ currency: 'USD', amount: '9007199254740993.01' })).toBe('$9,007,199,254,740,993.01');
    expect(formatMoney({ currency: 'JPY', amount: '1500' })).toBe('¥1,500');
    expect(groupDigits('1234567.891')).toBe('1,234,567.891');
  });
});
