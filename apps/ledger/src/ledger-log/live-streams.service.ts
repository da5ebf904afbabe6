import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { EventStore, RecordedEvent, Subscription } from '@ledger/event-store';
import { EVENT_STORE } from '../infrastructure/tokens';

/** A comment line every so often keeps proxies and load balancers from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** Tells EventSource how long to wait before reconnecting. */
const RETRY_MS = 2_000;

/** The open Server-Sent Event streams: one catch-up subscription each, ended on shutdown. */
@Injectable()
export class LiveStreams implements OnApplicationShutdown {
  private readonly logger = new Logger(LiveStreams.name);
  private readonly active = new Set<() => Promise<void>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  get count(): number {
    return this.active.size;
  }

  /** Streams events after `after` that `visible` lets through (the reader's read scope). */
  open(response: ServerResponse, after: number, visible: (event: RecordedEvent) => boolean = () => true): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.write(`retry: ${RETRY_MS}\n\n`);
    let closed = false;
    const subscription: Subscription = this.store.subscribe(
      async (events: RecordedEvent[]) => {
        if (closed) return;
        // One write per batch; wait for the client to drain so a slow reader holds the subscription
        // back instead of filling the server's memory.
        const shown = events.filter(visible);
        if (shown.length === 0) return;
        if (!response.write(shown.map(toMessage).join(''))) await Promise.race([once(response, 'drain'), once(response, 'close')]);
      },
      {
        after,
        batchSize: 500,
        onError: (error) => {
          this.logger.warn(`stream ended: ${(error as Error)?.message ?? error}`);
          void end();
        },
      },
    );
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
    const end = async () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      this.active.delete(end);
      await subscription.stop();
      if (!response.writableEnded) response.end();
    };
    this.active.add(end);
    response.on('close', () => void end());
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.active].map((end) => end()));
  }
}

/** One SSE message: id = position (for Last-Event-ID), data = the whole envelope. */
function toMessage(event: RecordedEvent): string {
  return `id: ${event.position}\ndata: ${JSON.stringify(event)}\n\n`;
}
