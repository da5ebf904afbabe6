import type { Principal } from '../commands/principal';
import { problem } from '../http/problem-details.filter';
import type { AccessIndex, CollaborativeRole } from './access-index.service';

/**
 * Who may read what — the one place every query asks (LEDGER.md: "auditors and observers only
 * read"; members see their collaboratives):
 *
 * | reader                               | sees                                                            |
 * |--------------------------------------|-----------------------------------------------------------------|
 * | operator                             | everything                                                      |
 * | auditor (of any collaborative)       | everything, including raw events, the stream and proofs         |
 * | steward or member of a collaborative | that collaborative's records, summary, and members' scorecards; |
 * |                                      | the raw events of its records                                   |
 * | observer of a collaborative          | that collaborative's public projections (records, summary,     |
 * |                                      | scorecards); not raw events, proofs or event histories          |
 * | any organization                     | its own organization record and scorecard                       |
 */
export type ReadScope =
  | { kind: 'all' }
  /** Only these collaboratives; `full` ones with raw events and histories, the rest public only. */
  | { kind: 'collaboratives'; organizationId: string; full: Set<string>; publicOnly: Set<string> };

export class ReadPolicy {
  constructor(private readonly index: AccessIndex) {}

  async scopeOf(principal: Principal): Promise<ReadScope> {
    await this.index.current();
    if (principal.kind === 'operator' || this.index.isAuditor(principal.organizationId)) return { kind: 'all' };
    const full = new Set<string>();
    const publicOnly = new Set<string>();
    for (const [collaborativeId, role] of this.index.membershipsOf(principal.organizationId)) {
      (role === 'observer' ? publicOnly : full).add(collaborativeId);
    }
    return { kind: 'collaboratives', organizationId: principal.organizationId, full, publicOnly };
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

  /** An organization's scorecard: itself, or an organization sharing a collaborative with the reader. */
  requireOrganization(scope: ReadScope, organizationId: string): void {
    if (scope.kind === 'all' || scope.organizationId === organizationId) return;
    const theirs = this.index.membershipsOf(organizationId);
    for (const collaborativeId of theirs.keys()) if (this.canRead(scope, collaborativeId)) return;
    throw problem(403, 'forbidden', 'not allowed', `not allowed to read ${organizationId}'s scorecard: it shares no collaborative with you`, { code: 'not_a_member' });
  }

  /** Raw events, the stream and proofs: the operator, auditors, and members for their own records. */
  canReadEvent(scope: ReadScope, streamId: string): boolean {
    if (scope.kind === 'all') return true;
    const collaborativeId = this.index.collaborativeOfStream(streamId);
    if (collaborativeId !== undefined) return scope.full.has(collaborativeId);
    // Organization records are public to members; the ledger's own checkpoints to everyone.
    return streamId.startsWith('organization-') ? scope.full.size > 0 : streamId === 'ledger-checkpoints';
  }

  /** The collaboratives a listing may include for this reader (undefined: no restriction). */
  visibleCollaboratives(scope: ReadScope): string[] | undefined {
    return scope.kind === 'all' ? undefined : [...scope.full, ...scope.publicOnly];
  }

  roleOf(organizationId: string, collaborativeId: string): CollaborativeRole | null {
    return this.index.roleOf(organizationId, collaborativeId);
  }
}
