/**
 * The records the read models keep, how a stored event is routed to one, and how it changes it.
 * Every change goes through the domain's own evolve (after the domain's upcast), so the read side
 * never restates a rule of the write side.
 */
import {
  collaborativeDecider,
  commitmentDecider,
  organizationDecider,
  partnershipDecider,
  pledgeDecider,
  riskAgreementDecider,
  upcast,
  Collaborative,
  Commitment,
  Organization,
  Partnership,
  Pledge,
  RiskAgreement,
  type DomainEvent,
} from '@ledger/domain';
import type { LogEvent } from './log-event';

export const RECORD_KINDS = ['organization', 'collaborative', 'partnership', 'commitment', 'pledge', 'risk_agreement'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

interface KindDefinition {
  readonly kind: RecordKind;
  /** Stream ids are `<prefix><id>` (streamIdOf in the ledger app). */
  readonly streamPrefix: string;
  /** The event types this record's stream holds. */
  readonly eventTypes: ReadonlySet<string>;
  readonly evolve: (state: unknown, event: DomainEvent) => unknown;
}

const generic = (decider: { evolve(state: never, event: never): unknown }) => decider.evolve as (state: unknown, event: DomainEvent) => unknown;

export const KIND_DEFINITIONS: Readonly<Record<RecordKind, KindDefinition>> = {
  organization: {
    kind: 'organization',
    streamPrefix: 'organization-',
    eventTypes: new Set(Object.keys(Organization.ORGANIZATION_EVENT_SCHEMA_VERSIONS)),
    evolve: generic(organizationDecider),
  },
  collaborative: {
    kind: 'collaborative',
    streamPrefix: 'collaborative-',
    eventTypes: new Set(Object.keys(Collaborative.COLLABORATIVE_EVENT_SCHEMA_VERSIONS)),
    evolve: generic(collaborativeDecider),
  },
  partnership: {
    kind: 'partnership',
    streamPrefix: 'partnership-',
    eventTypes: new Set(Object.keys(Partnership.PARTNERSHIP_EVENT_SCHEMA_VERSIONS)),
    evolve: generic(partnershipDecider),
  },
  commitment: {
    kind: 'commitment',
    streamPrefix: 'commitment-',
    eventTypes: new Set(Object.keys(Commitment.COMMITMENT_EVENT_SCHEMA_VERSIONS)),
    evolve: generic(commitmentDecider),
  },
  pledge: {
    kind: 'pledge',
    streamPrefix: 'pledge-',
    eventTypes: new Set(Object.keys(Pledge.PLEDGE_EVENT_SCHEMA_VERSIONS)),
    evolve: generic(pledgeDecider),
  },
  risk_agreement: {
    kind: 'risk_agreement',
    streamPrefix: 'risk-agreement-',
    eventTypes: new Set(Object.keys(RiskAgreement.RISK_AGREEMENT_EVENT_SCHEMA_VERSIONS)),
    evolve: generic(riskAgreementDecider),
  },
};

/** By event type: every domain event type belongs to exactly one record kind. */
const KIND_OF_TYPE = new Map<string, KindDefinition>();
for (const definition of Object.values(KIND_DEFINITIONS)) {
  for (const type of definition.eventTypes) KIND_OF_TYPE.set(type, definition);
}

export interface Route {
  readonly kind: RecordKind;
  readonly id: string;
}

/**
 * The record an event belongs to, or null for events no read model keeps (another application's,
 * such as API keys, or a stream that does not match its event type).
 */
export function routeOf(event: Pick<LogEvent, 'streamId' | 'type'>): Route | null {
  const definition = KIND_OF_TYPE.get(event.type);
  if (!definition || !event.streamId.startsWith(definition.streamPrefix)) return null;
  return { kind: definition.kind, id: event.streamId.slice(definition.streamPrefix.length) };
}

/** The record's next state: the domain's upcast, then the domain's evolve. */
export function evolveRecord(kind: RecordKind, state: unknown, event: Pick<LogEvent, 'type' | 'schemaVersion' | 'data'>): unknown {
  const domainEvent: DomainEvent = { type: event.type, data: upcast(event.type, event.schemaVersion, event.data) };
  return KIND_DEFINITIONS[kind].evolve(state, domainEvent);
}

/**
 * Organizations a partnership or risk agreement involves, so an organization's scorecard finds
 * them by index: the parties, and for a risk agreement also whoever paid or received a settlement
 * payment (a payer need not be a party).
 */
export function participantsOf(kind: RecordKind, state: unknown): string[] {
  if (kind === 'partnership') return [...(state as Partnership.PartnershipState).parties];
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
