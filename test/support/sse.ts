/** A Server-Sent Events reader for the tests: collects messages in the background while a test acts. */
export interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
}

export class SseReader {
  readonly messages: SseMessage[] = [];
  /** Resolves when the server ends the stream (or the reader is closed). */
  readonly ended: Promise<void>;
  status = 0;
  headers: Headers | null = null;
  private readonly abort = new AbortController();
  private waiters: Array<() => void> = [];
  private done = false;

  private constructor(private readonly response: Response) {
    this.status = response.status;
    this.headers = response.headers;
    this.ended = this.pump();
  }

  static async open(url: string, headers: Record<string, string>): Promise<SseReader> {
    const abort = new AbortController();
    const response = await fetch(url, { headers, signal: abort.signal });
    const reader = new SseReader(response);
    reader.abort.signal.addEventListener('abort', () => abort.abort());
    return reader;
  }

  /** Events (data messages) received so far, parsed. */
  events<T = { position: number; streamId: string; type: string; eventId: string }>(): T[] {
    return this.messages.filter((m) => m.event === undefined && m.data !== undefined).map((m) => JSON.parse(m.data!) as T);
  }

  get isEnded(): boolean {
    return this.done;
  }

  /** Waits until `condition` holds on the messages (or the stream ends, or the timeout passes). */
  async until(condition: (reader: SseReader) => boolean, timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!condition(this)) {
      if (this.done || Date.now() > deadline) return condition(this);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, Math.min(200, deadline - Date.now())));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return true;
  }

  close(): void {
    this.abort.abort();
  }

  private async pump(): Promise<void> {
    if (!this.response.body) {
      this.done = true;
      return;
    }
    const reader = this.response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
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
            if (line.startsWith('event: ')) message.event = line.slice(7);
            if (line.startsWith('data: ')) message.data = line.slice(6);
          }
          if (message.data !== undefined) this.messages.push(message);
        }
        this.wake();
      }
    } catch {
      // aborted by close()
    } finally {
      this.done = true;
      this.wake();
    }
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
