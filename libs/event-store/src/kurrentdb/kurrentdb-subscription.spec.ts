import { PassThrough } from 'node:stream';
import { AccessDeniedError, UnavailableError } from '@kurrent/kurrentdb-client';
import type { ResolvedEvent } from '@kurrent/kurrentdb-client';
import type { RecordedEvent } from '../envelope';
import { KurrentDbSubscription, type LogSubscriptionSource, type LogSubscriptionStream } from './kurrentdb-subscription';

/** A server subscription the test drives by hand: a Readable of ResolvedEvent with unsubscribe(). */
class HandStream extends PassThrough {
  unsubscribed = false;
  paused = 0;
  constructor(readonly after: number) {
    super({ objectMode: true });
  }
  override pause(): this {
    this.paused++;
    return super.pause();
  }
  async unsubscribe(): Promise<void> {
    this.unsubscribed = true;
  }
  /** Sends the events at these positions, as the log would. */
  send(...positions: number[]): void {
    for (const position of positions) this.write({ event: { position } } as unknown as ResolvedEvent);
  }
}

function source(head: () => number, fatal: (e: unknown) => boolean = () => false) {
  const streams: HandStream[] = [];
  const drops: Array<{ error: unknown; after: number }> = [];
  const src: LogSubscriptionSource = {
    open(after) {
      const stream = new HandStream(after);
      streams.push(stream);
      return stream as unknown as LogSubscriptionStream;
    },
    toRecorded(resolved) {
      const position = (resolved.event as unknown as { position: number }).position;
      if (position < 0) throw new Error(`corrupt entry ${position}`);
      return { position } as RecordedEvent;
    },
    headPosition: async () => head(),
    isFatal: fatal,
    onDropped: (error, after) => void drops.push({ error, after }),
  };
  return { src, streams, drops };
}

const fast = { initialDelayMs: 1, maxDelayMs: 4 };
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('KurrentDbSubscription', () => {
  it('hands events over in order, in batches of at most batchSize, and moves position after each batch', async () => {
    let head = 7;
    const { src, streams } = source(() => head);
    const batches: number[][] = [];
    const sub = new KurrentDbSubscription(src, (b) => void batches.push(b.map((e) => e.position)), { after: 0, batchSize: 3 }, fast);
    expect(streams[0].after).toBe(0);
    streams[0].send(1, 2, 3, 4, 5, 6, 7);
    await sub.caughtUp();
    expect(batches.flat()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(3);
    expect(sub.position).toBe(7);
    head = 8;
    streams[0].send(8);
    await sub.caughtUp();
    expect(sub.position).toBe(8);
    await sub.stop();
    expect(streams[0].unsubscribed).toBe(true);
  });

  it('pauses the server stream while a full batch waits for the handler', async () => {
    const { src, streams } = source(() => 4);
    let release: () => void = () => undefined;
    const sub = new KurrentDbSubscription(
      src,
      () => new Promise<void>((resolve) => (release = resolve)),
      { after: 0, batchSize: 2 },
      fast,
    );
    streams[0].send(1, 2, 3, 4);
    await tick();
    expect(streams[0].paused).toBeGreaterThan(0);
    for (let i = 0; i < 4; i++) {
      release();
      await tick();
    }
    await sub.caughtUp();
    await sub.stop();
  });

  it('resubscribes after a drop from the last handled position and skips what it already handled', async () => {
    const { src, streams, drops } = source(() => 6);
    const seen: number[] = [];
    const sub = new KurrentDbSubscription(src, (b) => void seen.push(...b.map((e) => e.position)), { after: 2 }, fast);
    expect(streams[0].after).toBe(2);
    streams[0].send(3, 4);
    await tick();
    streams[0].destroy(new UnavailableError(undefined, 'connection reset'));
    await tick();
    await tick();
    expect(drops).toHaveLength(1);
    expect(drops[0].after).toBe(4);
    expect(streams).toHaveLength(2);
    expect(streams[1].after).toBe(4);
    streams[1].send(3, 4, 5, 6); // a server may send again what came before
    await sub.caughtUp();
    await sub.stop();
    expect(seen).toEqual([3, 4, 5, 6]);
  });

  it('treats an ended server stream as a drop, and resubscribes', async () => {
    const { src, streams } = source(() => 1);
    const sub = new KurrentDbSubscription(src, () => undefined, { after: 0 }, fast);
    streams[0].end();
    streams[0].resume();
    await tick();
    await tick();
    expect(streams.length).toBeGreaterThanOrEqual(2);
    streams[streams.length - 1].send(1);
    await sub.caughtUp();
    await sub.stop();
  });

  it('resubscribes when the server skips a position', async () => {
    const { src, streams, drops } = source(() => 3);
    const seen: number[] = [];
    const sub = new KurrentDbSubscription(src, (b) => void seen.push(...b.map((e) => e.position)), { after: 0 }, fast);
    streams[0].send(1, 3);
    await tick();
    await tick();
    expect(String(drops[0].error)).toMatch(/skipped from position 1 to 3/);
    // Event 1 was buffered but not handled yet: it is asked for again.
    expect(streams[1].after).toBe(0);
    streams[1].send(1, 2, 3);
    await sub.caughtUp();
    await sub.stop();
    expect(seen).toEqual([1, 2, 3]);
  });

  it('stops for good on a fatal error, reported once', async () => {
    const { src, streams } = source(
      () => 5,
      (e) => e instanceof AccessDeniedError,
    );
    const errors: unknown[] = [];
    const sub = new KurrentDbSubscription(src, () => undefined, { after: 0, onError: (e) => errors.push(e) }, fast);
    const waiting = sub.caughtUp();
    streams[0].destroy(new AccessDeniedError(undefined, 'denied'));
    await expect(waiting).rejects.toBeInstanceOf(AccessDeniedError);
    await tick();
    expect(streams).toHaveLength(1);
    expect(errors).toHaveLength(1);
    await sub.stop();
  });

  it('stops when the handler throws, without moving past the failed batch', async () => {
    const { src, streams } = source(() => 3);
    const errors: unknown[] = [];
    const sub = new KurrentDbSubscription(
      src,
      (batch) => {
        if (batch.some((e) => e.position === 2)) throw new Error('projection broke');
      },
      { after: 0, batchSize: 1, onError: (e) => errors.push(e) },
      fast,
    );
    streams[0].send(1, 2, 3);
    await expect(sub.caughtUp()).rejects.toThrow('projection broke');
    await sub.stop();
    expect(sub.position).toBe(1);
    expect(errors).toHaveLength(1);
    expect(streams[0].unsubscribed).toBe(true);
  });

  it('hands over the events before a corrupt one, then fails', async () => {
    const { src, streams } = source(() => 5);
    const errors: unknown[] = [];
    const seen: number[] = [];
    const sub = new KurrentDbSubscription(
      src,
      (b) => void seen.push(...b.map((e) => e.position)),
      { after: 0, onError: (e) => errors.push(e) },
      fast,
    );
    streams[0].send(1, 2, -3);
    await tick();
    await sub.stop();
    expect(seen).toEqual([1, 2]);
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/corrupt entry -3/);
  });

  it('stop() waits for the batch in flight, and rejects a pending caughtUp()', async () => {
    const { src, streams } = source(() => 10);
    let release: () => void = () => undefined;
    let handled = false;
    const sub = new KurrentDbSubscription(
      src,
      async () => {
        await new Promise<void>((resolve) => (release = resolve));
        handled = true;
      },
      { after: 0 },
      fast,
    );
    streams[0].send(1, 2);
    await tick();
    const waiting = sub.caughtUp();
    const stopping = sub.stop();
    release();
    await stopping;
    expect(handled).toBe(true);
    expect(sub.position).toBe(2);
    await expect(waiting).rejects.toThrow(/stopped before catching up/);
  });
});
