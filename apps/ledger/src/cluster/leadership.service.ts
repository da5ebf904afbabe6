import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { EventStore, LeaderLock } from '@ledger/event-store';
import { EVENT_STORE } from '../infrastructure/tokens';

/**
 * Work that must run on one server at a time — the projector, the Kafka publisher, the checkpoint
 * signer, reminders, webhook deliveries. Its module registers it with `Leadership.register` (from the
 * module's constructor); the leader starts it, and stops it when it stops leading.
 */
export interface LeaderOnly {
  /** What it is, for the logs. */
  readonly leaderOnlyName: string;
  /** Called when this server becomes the leader (again); resolves once it is running. */
  startLeading(): Promise<void> | void;
  /** Called when this server stops leading or shuts down; resolves once it has stopped. Idempotent. */
  stopLeading(): Promise<void> | void;
}

/** `sole`: a store only one process uses (embedded SQLite, KurrentDB here): this server is always the one. */
export type LeaderRole = 'leader' | 'follower' | 'sole';

export interface LeadershipStatus {
  role: LeaderRole;
  /** When this server became the leader (sole: since it started). */
  since?: string;
  /** What runs here because it leads. */
  singletons: string[];
  /** The last reason it stopped leading, or could not ask for the lock. */
  lastProblem?: string;
}

/** How often a follower asks for the lock, and the leader checks it still holds it. */
export const LEADER_CHECK_MS = 1_000;

/**
 * Which server of those sharing one PostgreSQL database runs the singletons: the one holding the
 * leader lock, a session-level advisory lock on a connection of its own (the store's leaderLock()).
 * Every server asks for it every LEADER_CHECK_MS; the holder checks as often that its session still
 * holds it. When the leader dies its session ends and the lock is free: the next follower to ask
 * (within about a second) takes it and starts the singletons. A leader that loses its connection, or
 * cannot confirm the lock within 3 s, stops its singletons at once, before PostgreSQL can have given
 * the lock to another. With a store only one process uses, this server leads from the start.
 */
@Injectable()
export class Leadership implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Leadership');
  private readonly services: LeaderOnly[] = [];
  private readonly lock: LeaderLock | null;
  private leading = false;
  private since: string | undefined;
  private lastProblem: string | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  /** Every change of role runs after the previous one has finished. */
  private transitions: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(role: LeaderRole) => void>();

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.lock = store.leaderLock?.() ?? null;
    this.lock?.onLost((reason) => void this.serially(() => this.stepDown(`lost the leader lock: ${reason}`)));
  }

  /** Runs `service` while this server leads (at once if it already does). */
  register(service: LeaderOnly): void {
    this.services.push(service);
    if (this.leading) void this.serially(() => this.startService(service));
  }

  get isLeader(): boolean {
    return this.leading;
  }

  get role(): LeaderRole {
    return this.lock === null ? 'sole' : this.leading ? 'leader' : 'follower';
  }

  /** Calls `listener` with the new role at each change; returns the unsubscribe. */
  onChange(listener: (role: LeaderRole) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): LeadershipStatus {
    return {
      role: this.role,
      ...(this.leading ? { since: this.since } : {}),
      singletons: this.leading ? this.services.map((s) => s.leaderOnlyName) : [],
      ...(this.lastProblem ? { lastProblem: this.lastProblem } : {}),
    };
  }

  /** The first attempt is awaited: a server alone on its database starts as the leader. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.lock === null) {
      await this.serially(() => this.becomeLeader());
      return;
    }
    await this.serially(() => this.campaign());
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.serially(() => this.stepDown(null));
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.serially(() => this.campaign()).finally(() => this.schedule());
    }, LEADER_CHECK_MS);
    this.timer.unref();
  }

  private serially(step: () => Promise<void>): Promise<void> {
    const next = this.transitions.then(step, step);
    this.transitions = next.catch(() => undefined);
    return next;
  }

  /** A follower asks for the lock; the leader checks it still holds it. */
  private async campaign(): Promise<void> {
    if (this.stopped || this.lock === null) return;
    if (this.leading) {
      let held: boolean;
      try {
        held = await this.lock.stillHeld();
      } catch (error) {
        return this.stepDown(`cannot confirm the leader lock: ${(error as Error).message}`);
      }
      if (!held) await this.stepDown('the leader lock is no longer held');
      return;
    }
    let acquired: boolean;
    try {
      acquired = await this.lock.tryAcquire();
    } catch (error) {
      const problem = `cannot ask for the leader lock: ${(error as Error).message}`;
      if (problem !== this.lastProblem) this.logger.warn(problem);
      this.lastProblem = problem;
      return;
    }
    if (acquired) await this.becomeLeader();
  }

  private async becomeLeader(): Promise<void> {
    if (this.leading || this.stopped) return;
    this.leading = true;
    this.since = new Date().toISOString();
    if (this.lock) this.logger.log(`this server is the leader now: starting ${this.services.map((s) => s.leaderOnlyName).join(', ') || 'nothing'}`);
    for (const service of this.services) await this.startService(service);
    this.notify();
  }

  private async startService(service: LeaderOnly): Promise<void> {
    try {
      await service.startLeading();
    } catch (error) {
      this.logger.error(`${service.leaderOnlyName} did not start: ${(error as Error)?.stack ?? error}`);
    }
  }

  /** Stops every singleton (last started first), then lets the lock go. `reason` null: shutting down. */
  private async stepDown(reason: string | null): Promise<void> {
    if (!this.leading) {
      await this.lock?.release();
      return;
    }
    this.leading = false;
    this.since = undefined;
    if (reason) {
      this.lastProblem = reason;
      this.logger.warn(`this server stops leading (${reason}): stopping ${this.services.map((s) => s.leaderOnlyName).join(', ')}`);
    }
    for (const service of [...this.services].reverse()) {
      try {
        await service.stopLeading();
      } catch (error) {
        this.logger.error(`${service.leaderOnlyName} did not stop cleanly: ${(error as Error)?.stack ?? error}`);
      }
    }
    await this.lock?.release();
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener(this.role);
  }
}
