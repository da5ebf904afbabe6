/**
 * Wakes in-process subscribers after an append commits, with a timeout as the safety net for
 * appends the process cannot hear (another process writing the same database).
 */
export class AppendSignal {
  private head = 0;
  private waiters = new Set<{ after: number; wake: () => void }>();

  notify(position: number): void {
    if (position > this.head) this.head = position;
    for (const waiter of this.waiters) {
      if (this.head > waiter.after) waiter.wake();
    }
  }

  wait(after: number, timeoutMs: number): Promise<void> {
    if (this.head > after) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = {
        after,
        wake: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.wake, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Releases every waiter (on close). */
  wakeAll(): void {
    for (const waiter of this.waiters) waiter.wake();
  }
}
