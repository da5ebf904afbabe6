import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { EventStore, RecordedEvent, Subscription } from '@ledger/event-store';
import { EVENT_STORE } from '../infrastructure/tokens';

export type CollaborativeRole = 'steward' | 'member' | 'auditor' | 'observer';

/**
 * What read authorization needs to know, learned from the log by a catch-up subscription: each
 * organization's current role in each collaborative, and which collaborative each record's stream
 * belongs to. Kept in memory (a few entries per record).
 */
@Injectable()
export class AccessIndex implements OnApplicationBootstrap, OnApplicationShutdown {
  /** collaborativeId → organizationId → role */
  private readonly roles = new Map<string, Map<string, CollaborativeRole>>();
  /** streamId → collaborativeId, for the streams of records that live in a collaborative */
  private readonly streams = new Map<string, string>();
  private subscription: Subscription | null = null;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  onApplicationBootstrap(): void {
    this.subscription = this.store.subscribe((events) => events.forEach((e) => this.apply(e)), { after: 0, batchSize: 5000 });
  }

  /** Resolves once every event durable when called is in the index. */
  async current(): Promise<this> {
    await this.subscription?.caughtUp();
    return this;
  }

  apply(event: RecordedEvent): void {
    const data = event.data as { collaborativeId?: string; organizationId?: string; role?: CollaborativeRole };
    if (event.streamId.startsWith('collaborative-') && data.collaborativeId) {
      this.streams.set(event.streamId, data.collaborativeId);
      if (event.type === 'MemberAdmitted' && data.organizationId && data.role) {
        const members = this.roles.get(data.collaborativeId) ?? new Map<string, CollaborativeRole>();
        members.set(data.organizationId, data.role);
        this.roles.set(data.collaborativeId, members);
      } else if (event.type === 'MemberDeparted' && data.organizationId) {
        this.roles.get(data.collaborativeId)?.delete(data.organizationId);
      }
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

  /** Whether the organization is an auditor of any collaborative (auditors read everything). */
  isAuditor(organizationId: string): boolean {
    for (const members of this.roles.values()) if (members.get(organizationId) === 'auditor') return true;
    return false;
  }

  collaborativeOfStream(streamId: string): string | undefined {
    return this.streams.get(streamId);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
