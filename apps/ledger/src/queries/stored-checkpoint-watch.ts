import type { ReadModelStorage } from '@ledger/projections';

/** How often the stored checkpoint is read while someone waits for it. */
const POLL_MS = 10;

/**
 * Waits for the read models' stored checkpoint to reach a position, on a server whose own projector
 * does not run (another server leads). One loop reads the checkpoint every POLL_MS while anyone
 * waits, whatever the number of waiting queries, and none when nobody does.
 */
export class StoredCheckpointWatch {
  private readonly waiters = new Set<{ target: number; resolve: () => void }>();
  private polling = false;
  private closed = false;

  constructor(private readonly storage: ReadModelStorage) {}

  /** Resolves when the stored checkpoint is at `target` or past it, or after `timeoutMs`. */
  reach(target: number, timeoutMs: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = {
        target,
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.resolve, timeoutMs);
      this.waiters.add(waiter);
      void this.poll();
    });
  }

  close(): void {
    this.closed = true;
    for (const waiter of this.waiters) waiter.resolve();
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      while (this.waiters.size > 0 && !this.closed) {
        let position: number;
        try {
          position = (await this.storage.checkpoint()).position;
        } catch {
          // The database is failing: let the queries go on and meet the fault themselves.
          for (const waiter of this.waiters) waiter.resolve();
          break;
        }
        for (const waiter of this.waiters) if (position >= waiter.target) waiter.resolve();
        if (this.waiters.size > 0) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } finally {
      this.polling = false;
    }
    // A waiter that came while the loop was ending found it still running.
    if (this.waiters.size > 0 && !this.closed) void this.poll();
  }
}
