/**
 * The answers the read models must give, computed the slow, obvious way: fold every event recorded
 * up to the moment with the domain's own deciders, and ask the domain's status functions.
 */
import {
  commitmentDecider,
  commitmentStatus,
  pledgeDecider,
  pledgeFigures,
  upcast,
  type CommitmentState,
  type CommitmentStatus,
  type PledgeState,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';

function domainEvent(event: RecordedEvent) {
  return { type: event.type, data: upcast(event.type, event.schemaVersion, event.data) };
}

export interface OracleCommitment {
  state: CommitmentState;
  status: CommitmentStatus;
}

export function commitmentsAt(events: RecordedEvent[], asOf: string): Map<string, OracleCommitment> {
  const t = Date.parse(asOf);
  const states = new Map<string, CommitmentState | null>();
  for (const event of events) {
    if (!event.streamId.startsWith('commitment-') || Date.parse(event.recordedAt) > t) continue;
    const id = event.streamId.slice('commitment-'.length);
    states.set(id, commitmentDecider.evolve(states.get(id) ?? null, domainEvent(event) as never));
  }
  return new Map([...states].map(([id, state]) => [id, { state: state!, status: commitmentStatus(state!, asOf) }]));
}

export function pledgesAt(events: RecordedEvent[], asOf: string) {
  const t = Date.parse(asOf);
  const states = new Map<string, PledgeState | null>();
  for (const event of events) {
    if (!event.streamId.startsWith('pledge-') || Date.parse(event.recordedAt) > t) continue;
    const id = event.streamId.slice('pledge-'.length);
    states.set(id, pledgeDecider.evolve(states.get(id) ?? null, domainEvent(event) as never));
  }
  return new Map([...states].map(([id, state]) => [id, { state: state!, figures: pledgeFigures(state!, asOf) }]));
}
