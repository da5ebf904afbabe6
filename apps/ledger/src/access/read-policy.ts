import { Organization, recordOfStream, streamIdOf } from '@ledger/domain';
import type { Principal } from '../commands/principal';
import { problem } from '../http/problem-details.filter';
import type { AccessIndex, CollaborativeRole } from './access-index.service';

/**
 * Who may read what — the one place every query, stream and proof asks (LEDGER.md: "auditors and
 * observers only read"; members see their collaboratives):
 *
 * | reader                                   | sees                                                        |
 * |------------------------------------------|-------------------------------------------------------------|
 * | operator                                 | everything                                                  |
 * | registry auditor (designated on the log) | everything, including raw events, the stream and proofs     |
 * | auditor of a collaborative               | that collaborative, including its raw events and proofs     |
 * | steward or member of a collaborative     | that collaborative's records, summary, members' scorecards  |
 * |                                          | (for that collaborative), the raw events of its records     |
 * | observer of a collaborative              | that collaborative's public projections (records, summary, |
 * |                                          | scorecards); not raw events, proofs or event histories      |
 * | any organization                         | its own organization record and its whole scorecard         |
 */
export type ReadScope =
  | { kind: 'all' }
  /** Only these collaboratives; `full` ones with raw events and histories, the rest public only. */
  | { kind: 'collaboratives'; organizationId: string; full: Set<string>; publicOnly: Set<string> };

export class ReadPolicy {
  private readonly cached = new Map<string, { version: number; scope: ReadScope }>();

  constructor(private readonly index: AccessIndex) {}

  /** The reader's scope once the index holds every event durable now. */
  async scopeOf(principal: Principal): Promise<ReadScope> {
    await this.index.current();
    return this.scopeNow(principal);
  }

  /** The reader's scope by the index as it stands (for a stream judging the event the index just applied). */
  scopeNow(principal: Principal): ReadScope {
    if (principal.kind === 'operator') return { kind: 'all' };
    const organizationId = principal.organizationId;
    const hit = this.cached.get(organizationId);
    if (hit && hit.version === this.index.version) return hit.scope;
    let scope: ReadScope;
    if (this.index.isRegistryAuditor(organizationId)) {
      scope = { kind: 'all' };
    } else {
      const full = new Set<string>();
      const publicOnly = new Set<string>();
      for (const [collaborativeId, role] of this.index.membershipsOf(organizationId)) {
        (role === 'observer' ? publicOnly : full).add(collaborativeId);
      }
      scope = { kind: 'collaboratives', organizationId, full, publicOnly };
    }
    if (this.cached.size > 10_000) this.cached.clear();
    this.cached.set(organizationId, { version: this.index.version, scope });
    return scope;
  }

  /** Whether the request's key was revoked on the log (an open stream ends then). */
  isKeyRevoked(principal: Principal): boolean {
    return principal.keyId !== undefined && this.index.isApiKeyRevoked(principal.keyId);
  }

  /** Refuses (403) unless the scope may read the collaborative; `detail` also needs a full member. */
  requireCollaborative(scope: ReadScope, collaborativeId: string, level: 'public' | 'detail' = 'public'): void {
    if (this.canRead(scope, collaborativeId, level)) return;
    throw problem(403, 'forbidden', 'not allowed', `not allowed to read ${level === 'detail' ? 'the event history of ' : ''}collaborative ${collaborativeId}'s records`, {
      code: 'not_a_member',
    });
  }

  canRead(scope: ReadScope, collaborativeId: string, level: 'public' | 'detail' = 'public'): boolean {
    if (scope.kind === 'all') return true;
    return scope.full.has(collaborativeId) || (level === 'public' && scope.publicOnly.has(collaborativeId));
  }

  /**
   * An organization's scorecard: itself (whole), or an organization sharing a collaborative with the
   * reader — then only what it did in the collaboratives the reader may read. Answers the
   * collaboratives the scorecard is limited to (undefined: not limited).
   */
  scorecardScope(scope: ReadScope, organizationId: string): string[] | undefined {
    if (scope.kind === 'all' || scope.organizationId === organizationId) return undefined;
    const shared = [...this.index.membershipsOf(organizationId).keys()].filter((collaborativeId) => this.canRead(scope, collaborativeId));
    if (shared.length === 0) {
      throw problem(403, 'forbidden', 'not allowed', `not allowed to read ${organizationId}'s scorecard: it shares no collaborative with you`, { code: 'not_a_member' });
    }
    return this.visibleCollaboratives(scope);
  }

  /** Raw events, the stream and proofs: the operator, auditors, and members for their own records. */
  canReadEvent(scope: ReadScope, streamId: string, type?: string): boolean {
    if (scope.kind === 'all') return true;
    const collaborativeId = this.index.collaborativeOfStream(streamId);
    if (collaborativeId !== undefined) return scope.full.has(collaborativeId);
    // Organization records (names, signing keys, API key ids) are public to members, and each
    // organization reads its own — its contacts' addresses and webhooks' URLs only it (and those who
    // read everything); the ledger's own checkpoints are for everyone.
    if (recordOfStream(streamId) === 'organization') {
      const own = streamId === streamIdOf('organization', scope.organizationId);
      if (type !== undefined && Organization.PRIVATE_ORGANIZATION_EVENTS.has(type)) return own;
      return scope.full.size > 0 || own;
    }
    return streamId === 'ledger-checkpoints';
  }

  /** The collaboratives a listing may include for this reader (undefined: no restriction). */
  visibleCollaboratives(scope: ReadScope): string[] | undefined {
    return scope.kind === 'all' ? undefined : [...scope.full, ...scope.publicOnly];
  }

  roleOf(organizationId: string, collaborativeId: string): CollaborativeRole | null {
    return this.index.roleOf(organizationId, collaborativeId);
  }
}
