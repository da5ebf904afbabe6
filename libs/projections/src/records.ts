/**
 * The records the read models keep, how a stored event is routed to one, and how it changes it.
 * Every change goes through the domain's own evolve (after the domain's upcast), so the read side
 * never restates a rule of the write side.
 */
import { RECORD_TYPES, recordOfEvent, upcast, type DomainEvent, type Partnership, type RecordKind, type RecordType, type ResolutionState, type RiskAgreement } from '@ledger/domain';
import type { LogEvent } from './log-event';

export type { RecordKind } from '@ledger/domain';

const BY_KIND = new Map<RecordKind, RecordType>(RECORD_TYPES.map((type) => [type.kind, type]));

/** A record kind's registry entry (its stream name, decider, event types). */
function recordTypeOf(kind: RecordKind): RecordType {
  return BY_KIND.get(kind)!;
}

/** The stream of a record of this kind: `<name>-<id>`. */
export function streamPrefixOf(kind: RecordKind): string {
  return `${recordTypeOf(kind).name}-`;
}

export interface Route {
  readonly kind: RecordKind;
  readonly id: string;
}

/**
 * The record an event belongs to, or null for events no read model keeps (the ledger's own
 * checkpoints, or a stream that does not match its event type).
 */
export function routeOf(event: Pick<LogEvent, 'streamId' | 'type'>): Route | null {
  const record = recordOfEvent(event);
  return record && { kind: record.type.kind, id: record.id };
}

/** The record's next state: the domain's upcast, then the domain's evolve. */
export function evolveRecord(kind: RecordKind, state: unknown, event: Pick<LogEvent, 'type' | 'schemaVersion' | 'data'>): unknown {
  const domainEvent: DomainEvent = { type: event.type, data: upcast(event.type, event.schemaVersion, event.data) };
  return recordTypeOf(kind).decider.evolve(state, domainEvent);
}

/** The kinds of record whose organizations the participants table keeps (participantsOf). */
export const KINDS_WITH_PARTICIPANTS: ReadonlySet<RecordKind> = new Set<RecordKind>(['partnership', 'risk_agreement', 'resolution']);

/**
 * Organizations a partnership, risk agreement or resolution involves, so an organization's
 * scorecard finds them by index: the parties; for a risk agreement also whoever paid or received a
 * settlement payment (a payer need not be a party); for a resolution its electorate (fixed when
 * voting opened) and its proposer.
 */
export function participantsOf(kind: RecordKind, state: unknown): string[] {
  if (kind === 'partnership') return [...(state as Partnership.PartnershipState).parties];
  if (kind === 'resolution') {
    const resolution = state as ResolutionState;
    return [...new Set([...resolution.electorate, resolution.proposedBy])];
  }
  if (kind === 'risk_agreement') {
    const agreement = state as RiskAgreement.RiskAgreementState;
    const ids = new Set(agreement.terms.parties.map((p) => p.organizationId));
    for (const settlement of agreement.settlements) {
      for (const payment of settlement.payments) {
        ids.add(payment.fromOrganizationId);
        if (payment.toOrganizationId) ids.add(payment.toOrganizationId);
      }
    }
    return [...ids];
  }
  return [];
}

/**
 * The resolution an event carries out an act of: `data.resolutionId` of an event on a record other
 * than a resolution (the events an adopted resolution appends to the records it acts on). Null for
 * every other event.
 */
export function actOfResolution(kind: RecordKind, event: Pick<LogEvent, 'type' | 'schemaVersion' | 'data'>): string | null {
  if (kind === 'resolution') return null;
  const raw = event.data as { resolutionId?: unknown } | null;
  // Cheap test first: most events carry no resolutionId at all.
  if (raw === null || typeof raw !== 'object' || !('resolutionId' in raw)) return null;
  const { resolutionId } = upcast(event.type, event.schemaVersion, event.data) as { resolutionId?: unknown };
  return typeof resolutionId === 'string' ? resolutionId : null;
}
