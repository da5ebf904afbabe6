/**
 * Server-Sent Events over fetch(): the browser's EventSource cannot send an Authorization header,
 * so the dashboard reads `/ledger/stream` as a ReadableStream and parses the event-stream format
 * itself (WHATWG HTML §9.2.6), resuming with Last-Event-ID after a break.
 */
export interface SseMessage {
  /** The last event id seen (the ledger's position), as the spec's "last event ID buffer". */
  id: string | null;
  event: string;
  data: string;
}

/** An incremental parser: feed it text as it arrives; it returns the messages completed so far. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private sawData = false;
  /** The last event ID buffer: persists across messages, as the spec says. */
  lastEventId: string | null = null;
  /** A `retry:` the server asked for, in milliseconds. */
  retry: number | null = null;
  private pendingCR = false;

  push(chunk: string): SseMessage[] {
    let text = chunk;
    // A CR at the end of the previous chunk may be the first half of a CRLF.
    if (this.pendingCR && text.startsWith('\n')) text = text.slice(1);
    this.pendingCR = false;
    this.buffer += text;
    const messages: SseMessage[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (!match) break;
      if (match[0] === '\r' && match.index === this.buffer.length - 1) {
        // Maybe a CRLF split across chunks: take the line, remember to drop a leading LF.
        this.pendingCR = true;
      }
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const message = this.line(line);
      if (message) messages.push(message);
    }
    return messages;
  }

  private line(line: string): SseMessage | null {
    if (line === '') {
      if (!this.sawData) {
        this.event = '';
        return null;
      }
      const message = { id: this.lastEventId, event: this.event || 'message', data: this.data.join('\n') };
      this.data = [];
      this.event = '';
      this.sawData = false;
      return message;
    }
    if (line.startsWith(':')) return null; // a comment (heartbeat)
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        this.sawData = true;
        break;
      case 'event':
        this.event = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break; // unknown fields are ignored
    }
    return null;
  }
}

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'refused' | 'closed';

export interface StreamOptions {
  url: string;
  headers: Record<string, string>;
  /** Resume after this position (sent as Last-Event-ID). */
  lastEventId?: string | null;
  onMessage: (message: SseMessage) => void;
  onState?: (state: StreamState, detail?: string) => void;
  /** Stops the stream for good. */
  signal: AbortSignal;
  /** Wait before reconnecting when the server did not say (ms). */
  retryMs?: number;
  fetchImpl?: typeof fetch;
}

/**
 * Follows an event stream until `signal` aborts: reconnects after a break, with Last-Event-ID set to
 * the last id received so nothing is missed or repeated. A 401 or 403 stops it ('refused').
 */
export async function followEventStream(options: StreamOptions): Promise<void> {
  const doFetch = options.fetchImpl ?? fetch;
  let lastEventId = options.lastEventId ?? null;
  let retry = options.retryMs ?? 2000;
  let failures = 0;
  while (!options.signal.aborted) {
    options.onState?.(failures === 0 ? 'connecting' : 'reconnecting');
    try {
      const headers: Record<string, string> = { ...options.headers, accept: 'text/event-stream' };
      if (lastEventId !== null) headers['last-event-id'] = lastEventId;
      const response = await doFetch(options.url, { headers, signal: options.signal, cache: 'no-store' });
      if (response.status === 401 || response.status === 403) {
        options.onState?.('refused', `the ledger answered ${response.status}`);
        return;
      }
      if (!response.ok || !response.body) throw new Error(`the ledger answered ${response.status}`);
      options.onState?.('open');
      failures = 0;
      const parser = new SseParser();
      parser.lastEventId = lastEventId;
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const message of parser.push(decoder.decode(value, { stream: true }))) {
          lastEventId = message.id;
          options.onMessage(message);
        }
        if (parser.retry !== null) retry = parser.retry;
      }
    } catch (error) {
      if (options.signal.aborted) break;
      failures += 1;
      options.onState?.('reconnecting', (error as Error)?.message);
    }
    if (options.signal.aborted) break;
    // Back off a little more after repeated failures, up to 30 s.
    await sleep(Math.min(retry * Math.max(1, failures), 30_000), options.signal);
  }
  options.onState?.('closed');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
