import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { once } from 'node:events';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { LedgerConfig } from '@ledger/config';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { AccessIndex } from '../access/access-index.service';
import { ReadPolicy } from '../access/read-policy';
import type { Principal } from '../commands/principal';
import { problem } from '../http/problem-details.filter';
import { EVENT_STORE, LEDGER_CONFIG } from '../infrastructure/tokens';

/** A comment line every so often keeps proxies and load balancers from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** Tells EventSource how long to wait before reconnecting. */
const RETRY_MS = 2_000;
/** Events read from the store per page while a stream catches up. */
const PAGE = 500;
/** Live events waiting for a slow reader before the stream falls back to reading the store. */
const MAX_QUEUED = 2_000;

/**
 * The open Server-Sent Event streams. A stream first reads the log from the store (history), judged
 * by the reader's rights as the access index holds them; once it reaches the index it follows the
 * index itself, which hands it each event right after applying it. So no stream polls the store,
 * and every event is judged by rights that include it: a key revoked or a membership ended on the
 * log ends (or narrows) the stream at that very event.
 */
@Injectable()
export class LiveStreams implements OnApplicationShutdown {
  private readonly logger = new Logger(LiveStreams.name);
  private readonly active = new Set<LiveStream>();
  private readonly perKey = new Map<string, number>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly index: AccessIndex,
    private readonly policy: ReadPolicy,
  ) {}

  get count(): number {
    return this.active.size;
  }

  /** Refuses (429) a key that already holds its share of open streams. */
  admit(principal: Principal): void {
    const open = this.perKey.get(keyOf(principal)) ?? 0;
    if (open >= this.config.streamsPerKey) {
      throw problem(429, 'too-many-streams', 'too many streams', `this key already has ${open} open streams (at most ${this.config.streamsPerKey}); close one first`, {
        code: 'too_many_streams',
      });
    }
  }

  /** Streams, to `response`, the events after `after` that the principal may read, live. */
  async open(response: ServerResponse, principal: Principal, after: number, headers: OutgoingHttpHeaders = {}): Promise<void> {
    this.admit(principal);
    await this.index.current();
    const key = keyOf(principal);
    const stream = new LiveStream(response, principal, after, this.store, this.index, this.policy, this.logger, () => {
      this.active.delete(stream);
      const left = (this.perKey.get(key) ?? 1) - 1;
      if (left > 0) this.perKey.set(key, left);
      else this.perKey.delete(key);
    });
    this.active.add(stream);
    this.perKey.set(key, (this.perKey.get(key) ?? 0) + 1);
    stream.start(headers);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.active].map((stream) => stream.end()));
  }
}

function keyOf(principal: Principal): string {
  return principal.keyId ?? (principal.kind === 'operator' ? 'operator' : principal.organizationId);
}

class LiveStream {
  private closed = false;
  private live: (() => void) | null = null;
  private readonly queue: RecordedEvent[] = [];
  private pumping = false;
  private heartbeat: NodeJS.Timeout | null = null;
  private scopeVersion = -1;
  private visible: (event: RecordedEvent) => boolean = () => false;

  constructor(
    private readonly response: ServerResponse,
    private readonly principal: Principal,
    /** The last position handed to the response (or skipped as not readable). */
    private after: number,
    private readonly store: EventStore,
    private readonly index: AccessIndex,
    private readonly policy: ReadPolicy,
    private readonly logger: Logger,
    private readonly onEnd: () => void,
  ) {}

  start(headers: OutgoingHttpHeaders): void {
    this.response.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.response.write(`retry: ${RETRY_MS}\n\n`);
    this.heartbeat = setInterval(() => this.response.write(': heartbeat\n\n'), HEARTBEAT_MS);
    this.response.on('close', () => void this.end());
    void this.catchUp();
  }

  async end(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.live?.();
    this.live = null;
    this.onEnd();
    if (!this.response.writableEnded) this.response.end();
  }

  /** False once the reader's key is revoked (the stream then ends); else whether it may read the event. */
  private allowed(event: RecordedEvent): boolean | 'revoked' {
    if (this.policy.isKeyRevoked(this.principal)) return 'revoked';
    if (this.scopeVersion !== this.index.version) {
      const scope = this.policy.scopeNow(this.principal);
      this.visible = (e) => this.policy.canReadEvent(scope, e.streamId, e.type);
      this.scopeVersion = this.index.version;
    }
    return this.visible(event);
  }

  /** Reads the history from the store up to what the index has applied, then follows the index. */
  private async catchUp(): Promise<void> {
    try {
      while (!this.closed) {
        const ceiling = this.index.position;
        if (this.after >= ceiling) {
          // Synchronously with the check: the index hands over every event after `ceiling`.
          this.live = this.index.follow((event) => this.offer(event));
          return;
        }
        const page = (await this.store.readAll({ after: this.after, limit: PAGE })).filter((e) => e.position <= ceiling);
        if (this.closed) return;
        const shown: RecordedEvent[] = [];
        for (const event of page) {
          const allowed = this.allowed(event);
          if (allowed === 'revoked') return void (await this.finish(shown));
          if (allowed) shown.push(event);
        }
        if (page.length === 0) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
        await this.write(shown);
        this.after = page[page.length - 1].position;
      }
    } catch (error) {
      this.logger.warn(`stream ended: ${(error as Error)?.message ?? error}`);
      await this.end();
    }
  }

  /** A live event from the index, right after the index applied it. */
  private offer(event: RecordedEvent): void {
    if (this.closed) return;
    const allowed = this.allowed(event);
    if (allowed === 'revoked') {
      this.live?.();
      this.live = null;
      void this.finish([]);
      return;
    }
    if (!allowed) {
      if (this.queue.length === 0 && !this.pumping) this.after = event.position;
      return;
    }
    this.queue.push(event);
    if (this.queue.length > MAX_QUEUED) {
      // A reader this slow is served from the store again, from the last event it was given.
      this.live?.();
      this.live = null;
      this.queue.length = 0;
      void this.resumeFromStore();
      return;
    }
    void this.pump();
  }

  private async resumeFromStore(): Promise<void> {
    while (this.pumping) await new Promise((resolve) => setImmediate(resolve));
    if (!this.closed) await this.catchUp();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.closed) {
        const batch = this.queue.splice(0);
        await this.write(batch);
        this.after = batch[batch.length - 1].position;
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Writes the events still owed, then ends the stream (its key was revoked). */
  private async finish(owed: RecordedEvent[]): Promise<void> {
    while (this.pumping) await new Promise((resolve) => setImmediate(resolve));
    await this.write([...owed, ...this.queue.splice(0)]);
    this.response.write('event: end\ndata: {"reason":"api_key_revoked"}\n\n');
    await this.end();
  }

  /** One write per batch; waits for the client to drain, so a slow reader does not fill the server's memory. */
  private async write(events: RecordedEvent[]): Promise<void> {
    if (events.length === 0 || this.closed) return;
    if (!this.response.write(events.map(toMessage).join(''))) {
      await Promise.race([once(this.response, 'drain'), once(this.response, 'close')]);
    }
  }
}

/** One SSE message: id = position (for Last-Event-ID), data = the whole envelope. */
function toMessage(event: RecordedEvent): string {
  return `id: ${event.position}\ndata: ${JSON.stringify(event)}\n\n`;
}
