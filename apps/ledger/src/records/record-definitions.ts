import {
  collaborativeDecider,
  commitmentDecider,
  EVENT_SCHEMA_VERSIONS,
  organizationDecider,
  partnershipDecider,
  pledgeDecider,
  riskAgreementDecider,
  roleOf,
  upcast,
  Commitment,
  Partnership,
  Pledge,
  RiskAgreement,
  type Command,
  type CollaborativeState,
  type Decider,
  type DecisionContext,
  type DomainEvent,
} from '@ledger/domain';
import type { RecordDefinition } from '../commands/record-definition';
import type { RecordLoader } from '../commands/record-loader';

/** The deciders are typed per record; the application layer drives them through one shape. */
function asGeneric<S>(decider: unknown): Decider<Command, DomainEvent, S, DecisionContext> {
  return decider as Decider<Command, DomainEvent, S, DecisionContext>;
}

export const organizationRecord: RecordDefinition = {
  name: 'organization',
  decider: asGeneric(organizationDecider),
  schemaVersions: EVENT_SCHEMA_VERSIONS,
  upcast,
};

export const collaborativeRecord: RecordDefinition<CollaborativeState | null> = {
  name: 'collaborative',
  decider: asGeneric(collaborativeDecider),
  schemaVersions: EVENT_SCHEMA_VERSIONS,
  upcast,
  async loadContext(command, state, loader) {
    const context: Record<string, unknown> = {};
    if (command.type === 'AdmitMember') {
      const organizationId = (command.data as { organizationId: string }).organizationId;
      context.organization = (await loader.load(organizationRecord, organizationId)).state;
    }
    return { context, roleOf: (org) => (state ? roleOf(state, org) : null) };
  },
};

/** For records that live in a collaborative: load it, and act in the actor's role there. */
async function withCollaborative(
  collaborativeId: string | null,
  loader: RecordLoader,
): Promise<{ context: Record<string, unknown>; roleOf: (org: string) => string | null }> {
  const collaborative = collaborativeId ? (await loader.load(collaborativeRecord, collaborativeId)).state : null;
  return { context: { collaborative }, roleOf: (org) => (collaborative ? roleOf(collaborative, org) : null) };
}

export const partnershipRecord: RecordDefinition<Partnership.PartnershipState | null> = {
  name: 'partnership',
  decider: asGeneric(partnershipDecider),
  schemaVersions: EVENT_SCHEMA_VERSIONS,
  upcast,
  loadContext: (command, state, loader) =>
    withCollaborative(Partnership.collaborativeIdFor(command as Partnership.PartnershipCommand, state), loader),
};

export const commitmentRecord: RecordDefinition<Commitment.CommitmentState | null> = {
  name: 'commitment',
  decider: asGeneric(commitmentDecider),
  schemaVersions: EVENT_SCHEMA_VERSIONS,
  upcast,
  async loadContext(command, state, loader) {
    const loaded = await withCollaborative(Commitment.collaborativeIdFor(command as Commitment.CommitmentCommand, state), loader);
    const partnershipId = command.type === 'MakeCommitment' ? (command.data as { partnershipId?: string }).partnershipId : undefined;
    if (partnershipId) loaded.context.partnership = (await loader.load(partnershipRecord, partnershipId)).state;
    return loaded;
  },
};

export const pledgeRecord: RecordDefinition<Pledge.PledgeState | null> = {
  name: 'pledge',
  decider: asGeneric(pledgeDecider),
  schemaVersions: EVENT_SCHEMA_VERSIONS,
  upcast,
  loadContext: (command, state, loader) => withCollaborative(Pledge.collaborativeIdFor(command as Pledge.PledgeCommand, state), loader),
};

export const riskAgreementRecord: RecordDefinition<RiskAgreement.RiskAgreementState | null> = {
  name: 'risk-agreement',
  decider: asGeneric(riskAgreementDecider),
  schemaVersions: EVENT_SCHEMA_VERSIONS,
  upcast,
  loadContext: (command, state, loader) =>
    withCollaborative(RiskAgreement.collaborativeIdFor(command as RiskAgreement.RiskAgreementCommand, state), loader),
};
