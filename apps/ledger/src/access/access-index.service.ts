import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { recordOfStream } from '@ledger/domain';
import type { EventStore, RecordedEvent, Subscription } from '@ledger/event-store';
import { EVENT_STORE } from '../infrastructure/tokens';

export type CollaborativeRole = 'steward' | 'member' | 'auditor' | 'observer';

/** Called with each event once the index has applied it (see AccessIndex.follow). */
export type IndexListener = (event: RecordedEvent) => void;

/**
 * What read authorization needs to know, learned from the log by one catch-up subscription: each
 * organization's current role in each collaborative, the registry auditors, the revoked API keys,
 * and which collaborative each record's stream belongs to. Kept in memory (a few entries per record).
 *
 * It is also the live source of the event streams (`follow`): a listener sees an event only after
 * the index has applied it, so a reader's rights are never judged by an index that has not yet seen
 * the event being judged — nor the events before it.
 */
@Injectable()
export class AccessIndex implements OnApplicationBootstrap, OnApplicationShutdown {
  /** collaborativeId → organizationId → role */
  private readonly roles = new Map<string, Map<string, CollaborativeRole>>();
  /** streamId → collaborativeId, for the streams of records that live in a collaborative */
  private readonly streams = new Map<string, string>();
  private readonly registryAuditors = new Set<string>();
  private readonly revokedApiKeys = new Set<string>();
  private readonly listeners = new Set<IndexListener>();
  private subscription: Subscription | null = null;
  private applied = 0;
  private rightsVersion = 0;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  onApplicationBootstrap(): void {
    this.subscription = this.store.subscribe((events) => events.forEach((e) => this.receive(e)), { after: 0, batchSize: 5000 });
  }

  /** Resolves once every event durable when called is in the index. */
  async current(): Promise<this> {
    await this.subscription?.caughtUp();
    return this;
  }

  /** The position of the last event applied. */
  get position(): number {
    return this.applied;
  }

  /** Changes whenever someone's rights change (roles, registry auditors, revoked keys): a cache key for scopes. */
  get version(): number {
    return this.rightsVersion;
  }

  /** Calls `listener` with every event applied from now on, in position order; returns the unfollow. */
  follow(listener: IndexListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private receive(event: RecordedEvent): void {
    this.apply(event);
    this.applied = event.position;
    for (const listener of this.listeners) listener(event);
  }

  apply(event: RecordedEvent): void {
    const data = event.data as { collaborativeId?: string; organizationId?: string; role?: CollaborativeRole; keyId?: string };
    const record = recordOfStream(event.streamId);
    if (record === 'collaborative' && data.collaborativeId) {
      this.streams.set(event.streamId, data.collaborativeId);
      if (event.type === 'MemberAdmitted' && data.organizationId && data.role) {
        const members = this.roles.get(data.collaborativeId) ?? new Map<string, CollaborativeRole>();
        members.set(data.organizationId, data.role);
        this.roles.set(data.collaborativeId, members);
        this.rightsVersion++;
      } else if (event.type === 'MemberDeparted' && data.organizationId) {
        this.roles.get(data.collaborativeId)?.delete(data.organizationId);
        this.rightsVersion++;
      }
    } else if (record === 'organization' && data.organizationId) {
      if (event.type === 'RegistryAuditorDesignated') this.registryAuditors.add(data.organizationId);
      else if (event.type === 'RegistryAuditorDesignationEnded') this.registryAuditors.delete(data.organizationId);
      else if (event.type === 'ApiKeyRevoked' && data.keyId) this.revokedApiKeys.add(data.keyId);
      else return;
      this.rightsVersion++;
    } else if (event.streamRevision === 0 && typeof data?.collaborativeId === 'string') {
      // The first event of a commitment, pledge, declaration or agreement names its collaborative.
      this.streams.set(event.streamId, data.collaborativeId);
    }
  }

  roleOf(organizationId: string, collaborativeId: string): CollaborativeRole | null {
    return this.roles.get(collaborativeId)?.get(organizationId) ?? null;
  }

  /** The collaboratives the organization belongs to now, with its role in each. */
  membershipsOf(organizationId: string): Map<string, CollaborativeRole> {
    const out = new Map<string, CollaborativeRole>();
    for (const [collaborativeId, members] of this.roles) {
      const role = members.get(organizationId);
      if (role) out.set(collaborativeId, role);
    }
    return out;
  }

  /** Designated by the operator, on the log, to read every collaborative. */
  isRegistryAuditor(organizationId: string): boolean {
    return this.registryAuditors.has(organizationId);
  }

  /** Whether the log says this API key was revoked (the key registry says so too; either suffices). */
  isApiKeyRevoked(keyId: string): boolean {
    return this.revokedApiKeys.has(keyId);
  }

  collaborativeOfStream(streamId: string): string | undefined {
    return this.streams.get(streamId);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
