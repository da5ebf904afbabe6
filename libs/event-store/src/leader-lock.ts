/**
 * A lock that at most one of the processes sharing a store holds at a time: the ledger servers of
 * one PostgreSQL database elect with it the one that runs the singletons (projector, publisher,
 * checkpoint signer...). A store shared by one process only (embedded SQLite) offers none: that
 * process is always the one.
 */
export interface LeaderLock {
  /** Tries once, without waiting, to take the lock; true when this process holds it now. */
  tryAcquire(): Promise<boolean>;
  /**
   * Whether the lock is still held, asked of the database on the lock's own connection; false (or a
   * rejection) means it is lost, or cannot be known to be held: stop acting as the holder.
   */
  stillHeld(): Promise<boolean>;
  /** Called once per acquisition when the connection holding the lock is lost (the lock with it). */
  onLost(listener: (reason: string) => void): void;
  /** Gives the lock up (closes its connection); the next tryAcquire starts afresh. */
  release(): Promise<void>;
}
