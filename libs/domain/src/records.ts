/**
 * The record registry: every kind of record the ledger keeps, in one place — its stream name, its
 * decider, its event types, and the other records its `decide` needs. The command path, the
 * projections, the read policy and the queries all derive from these entries, so adding a record
 * kind means adding one entry here.
 */
import type { Actor, Command, Decider, DecisionContext, DomainEvent } from './shared/decider';
import { EVENT_SCHEMA_VERSIONS } from './event-schema';
import { RECORD_ID } from './shared/validation';
import { roleOf, type CollaborativeState } from './collaborative/state';
import * as Organization from './organization';
import * as Collaborative from './collaborative';
import * as Partnership from './partnership';
import * as Commitment from './commitment';
import * as Pledge from './pledge';
import * as RiskAgreement from './risk-agreement';
import * as Resolution from './resolution';
import * as Meeting from './meeting';

/** Another record a decision needs, put in the decision context under `field`. */
export interface ContextNeed {
  readonly field: string;
  readonly record: RecordName;
  readonly id: string;
}

export interface RecordType<S = unknown> {
  /** The record's name: its stream is `<name>-<id>`. */
  readonly name: RecordName;
  /** Its name in the read models (an SQL identifier). */
  readonly kind: RecordKind;
  readonly decider: Decider<Command, DomainEvent, S, DecisionContext>;
  /** The event types its stream holds. */
  readonly eventTypes: ReadonlySet<string>;
  /** The collaborative a record lives in (null for registry records: organizations). */
  collaborativeOf(command: Command, state: S): string | null;
  /** The other records `decide` needs to decide this command on this state. */
  contextFor(command: Command, state: S): ContextNeed[];
  /**
   * Commands that must be carried out on other records in the same commit as these events, by
   * `actor` — an adopted resolution's acts. None for most records.
   */
  followUps?(state: S, events: readonly DomainEvent[]): FollowUp[];
}

/** A command a decision carries out on another record, in the same commit (see RecordType.followUps). */
export interface FollowUp {
  readonly record: RecordName;
  readonly id: string;
  readonly command: Command;
  readonly actor: Actor;
  /** What it is, for a person: e.g. `act 2 (terminate_declaration)`. */
  readonly label: string;
}

/** The decider of each record is typed by its own commands; the registry drives them through one shape. */
function entry<S>(
  name: RecordName,
  kind: RecordKind,
  decider: unknown,
  eventSchemaVersions: Record<string, number>,
  collaborativeOf: (command: never, state: S) => string | null,
  extraNeeds: (command: Command, state: S) => ContextNeed[] = () => [],
  followUps?: (state: S, events: readonly DomainEvent[]) => FollowUp[],
): RecordType<S> {
  const of = collaborativeOf as (command: Command, state: S) => string | null;
  return {
    name,
    kind,
    decider: decider as Decider<Command, DomainEvent, S, DecisionContext>,
    eventTypes: new Set(Object.keys(eventSchemaVersions)),
    collaborativeOf: of,
    contextFor(command, state) {
      const collaborativeId = name === 'collaborative' ? null : of(command, state);
      return [...(collaborativeId ? [{ field: 'collaborative', record: 'collaborative' as const, id: collaborativeId }] : []), ...extraNeeds(command, state)];
    },
    ...(followUps && { followUps }),
  };
}

/** An adopted resolution carries out its acts: each act's command on its record, by the collaborative by resolution. */
function actsOfAdoption(state: Resolution.ResolutionState | null, events: readonly DomainEvent[]): FollowUp[] {
  const adopted = events.some((e) => e.type === 'ResolutionClosed' && (e.data as { outcome?: string }).outcome === 'adopted');
  if (!adopted || state === null) return [];
  const actor: Actor = { kind: 'resolution', collaborativeId: state.collaborativeId, resolutionId: state.id };
  return state.acts.map((act, i) => ({ ...Resolution.actCommand(act, state.collaborativeId), actor, label: `act ${i + 1} (${act.type})` }));
}

export const RECORDS = {
  organization: entry<Organization.OrganizationState | null>(
    'organization',
    'organization',
    Organization.organizationDecider,
    Organization.ORGANIZATION_EVENT_SCHEMA_VERSIONS,
    () => null,
  ),
  collaborative: entry<CollaborativeState | null>(
    'collaborative',
    'collaborative',
    Collaborative.collaborativeDecider,
    Collaborative.COLLABORATIVE_EVENT_SCHEMA_VERSIONS,
    (command: Collaborative.CollaborativeCommand, state) => state?.id ?? (command.type === 'FormCollaborative' ? command.data.id : null),
    (command) =>
      command.type === 'AdmitMember' ? [{ field: 'organization', record: 'organization', id: (command.data as { organizationId: string }).organizationId }] : [],
  ),
  partnership: entry<Partnership.PartnershipState | null>(
    'partnership',
    'partnership',
    Partnership.partnershipDecider,
    Partnership.PARTNERSHIP_EVENT_SCHEMA_VERSIONS,
    Partnership.collaborativeIdFor,
  ),
  commitment: entry<Commitment.CommitmentState | null>(
    'commitment',
    'commitment',
    Commitment.commitmentDecider,
    Commitment.COMMITMENT_EVENT_SCHEMA_VERSIONS,
    Commitment.collaborativeIdFor,
    (command) => {
      const partnershipId = command.type === 'MakeCommitment' ? (command.data as { partnershipId?: unknown }).partnershipId : undefined;
      return typeof partnershipId === 'string' ? [{ field: 'partnership', record: 'partnership', id: partnershipId }] : [];
    },
  ),
  pledge: entry<Pledge.PledgeState | null>('pledge', 'pledge', Pledge.pledgeDecider, Pledge.PLEDGE_EVENT_SCHEMA_VERSIONS, Pledge.collaborativeIdFor),
  'risk-agreement': entry<RiskAgreement.RiskAgreementState | null>(
    'risk-agreement',
    'risk_agreement',
    RiskAgreement.riskAgreementDecider,
    RiskAgreement.RISK_AGREEMENT_EVENT_SCHEMA_VERSIONS,
    RiskAgreement.collaborativeIdFor,
  ),
  resolution: entry<Resolution.ResolutionState | null>(
    'resolution',
    'resolution',
    Resolution.resolutionDecider,
    Resolution.RESOLUTION_EVENT_SCHEMA_VERSIONS,
    Resolution.collaborativeIdFor,
    (command) => (command.type === 'ProposeResolution' ? proposalNeeds(command.data as Record<string, unknown>) : []),
    actsOfAdoption,
  ),
  meeting: entry<Meeting.MeetingState | null>(
    'meeting',
    'meeting',
    Meeting.meetingDecider,
    Meeting.MEETING_EVENT_SCHEMA_VERSIONS,
    Meeting.collaborativeIdFor,
    (command) => (command.type === 'RecordMeeting' ? meetingNeeds(command.data as Record<string, unknown>) : []),
  ),
} as const;

/**
 * A proposal is checked against what its acts name (the organization to admit, the declaration,
 * commitment or risk agreement acted on: that it exists, is of this collaborative, and who its
 * parties are) and against the meeting it names.
 */
function proposalNeeds(data: Record<string, unknown>): ContextNeed[] {
  const acts = Array.isArray(data.acts) ? data.acts : [];
  const targets = acts.flatMap((act, i): ContextNeed[] => {
    const target = Resolution.actTargetOf(act);
    return target ? [{ field: Resolution.actTargetField(i), record: target.record, id: target.id }] : [];
  });
  const meetingId = data.meetingId;
  return [...targets, ...(typeof meetingId === 'string' && RECORD_ID.test(meetingId) ? [{ field: 'meeting', record: 'meeting' as const, id: meetingId }] : [])];
}

/** A meeting names resolutions, which must be of its collaborative. */
function meetingNeeds(data: Record<string, unknown>): ContextNeed[] {
  const ids = Array.isArray(data.resolutionIds) ? data.resolutionIds : [];
  return ids.flatMap((id, i): ContextNeed[] => (typeof id === 'string' && RECORD_ID.test(id) ? [{ field: Meeting.meetingResolutionField(i), record: 'resolution', id }] : []));
}

export type RecordName = 'organization' | 'collaborative' | 'partnership' | 'commitment' | 'pledge' | 'risk-agreement' | 'resolution' | 'meeting';
export type RecordKind = 'organization' | 'collaborative' | 'partnership' | 'commitment' | 'pledge' | 'risk_agreement' | 'resolution' | 'meeting';

export const RECORD_TYPES: readonly RecordType[] = Object.values(RECORDS) as RecordType[];

/** The stream of a record: `<name>-<id>`. */
export function streamIdOf(record: { name: RecordName } | RecordName, id: string): string {
  return `${typeof record === 'string' ? record : record.name}-${id}`;
}

/** The kind of record a stream holds, by its name (null: not a record's stream, e.g. the ledger's checkpoints). */
export function recordOfStream(streamId: string): RecordName | null {
  for (const type of RECORD_TYPES) if (streamId.startsWith(`${type.name}-`)) return type.name;
  return null;
}

const BY_EVENT_TYPE = new Map<string, RecordType>();
for (const type of RECORD_TYPES) for (const eventType of type.eventTypes) BY_EVENT_TYPE.set(eventType, type);

/**
 * The record an event belongs to, or null for an event no record keeps (the ledger's own
 * checkpoints) or a stream that does not match its event type.
 */
export function recordOfEvent(event: { streamId: string; type: string }): { type: RecordType; id: string } | null {
  const type = BY_EVENT_TYPE.get(event.type);
  const prefix = type ? `${type.name}-` : '';
  if (!type || !event.streamId.startsWith(prefix)) return null;
  return { type, id: event.streamId.slice(prefix.length) };
}

/** The role the acting organization holds in the collaborative the decision concerns, if any. */
export function actingRole(record: RecordType, state: unknown, context: Record<string, unknown>, organizationId: string): string | null {
  const collaborative = (record.name === 'collaborative' ? state : context.collaborative) as CollaborativeState | null | undefined;
  return collaborative ? roleOf(collaborative, organizationId) : null;
}

/** Old event data → current, the schema versions to stamp: one table for every record. */
export { EVENT_SCHEMA_VERSIONS };
