import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  actingRole,
  ConflictError,
  EVENT_SCHEMA_VERSIONS,
  Organization,
  RuleViolation,
  streamIdOf,
  type Actor,
  type DomainEvent,
  type FollowUp,
  type OrganizationState,
} from '@ledger/domain';
import {
  newEventId,
  WrongExpectedRevisionError,
  type Actor as EnvelopeActor,
  type Clock,
  type EventStore,
  type MemberSignature,
  type NewEvent,
  type StreamAppend,
} from '@ledger/event-store';
import { verifyCommandSignature } from '@ledger/integrity';
import type { SupportStore } from '@ledger/support-store';
import { EVENT_STORE, LEDGER_CLOCK, SUPPORT_STORE } from '../infrastructure/tokens';
import { decideFollowUps, decisionContext } from './decision';
import { actorOf, principalScope, type Principal } from './principal';
import { CommandOutcome, RecordCommand, type CommandAnswer } from './record-command';
import { RecordStates } from './record-states';

/** Ids of sub-records a command creates, answered beside the record's id. */
const SUB_RECORD_IDS = ['revisionId', 'disbursementId', 'settlementId', 'goalId', 'keyId'] as const;
const MAX_ATTEMPTS = 5;
/** How far a signature's signedAt may be from the ledger's clock: limits the replay of a captured request. */
const SIGNATURE_FRESHNESS_MS = 5 * 60_000;
/** Event types the ledger decides on its own, not the acting organization. */
const LEDGER_EMITTED = new Set(['DeclarationTookEffect', 'RiskAgreementTookEffect', 'SettlementDetermined']);

/**
 * The one command path: load the record → decide → append with the loaded revision as the expected
 * one. An unconditional command that loses a race is decided again on the new state; a conditional
 * one (If-Match) is refused. Every refusal is a DomainError (the HTTP layer maps it to a problem
 * document) and appends nothing.
 */
@CommandHandler(RecordCommand)
export class RecordCommandHandler implements ICommandHandler<RecordCommand, CommandOutcome> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SUPPORT_STORE) private readonly support: SupportStore,
    private readonly states: RecordStates,
    @Inject(LEDGER_CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: RecordCommand): Promise<CommandOutcome> {
    const { principal, options } = command.caller;
    const scope = principalScope(principal);
    if (options.idempotency) {
      const first = await this.firstAnswer(scope, options.idempotency);
      if (first) return new CommandOutcome(first.status, first.body, { ...first.headers, 'idempotent-replayed': 'true' });
    }
    // After the idempotency check, so a retry of a signed command (same nonce) gets its first answer.
    if (options.signature) await this.verifySignature(options.signature);
    const outcome = await this.decideAndAppend(command);
    if (options.idempotency) {
      const saved = await this.support.saveAnswer(scope, options.idempotency.key, { requestHash: options.idempotency.requestHash, ...outcome });
      // A concurrent request with the same key won the race: answer what it answered.
      const first = saved ? null : await this.firstAnswer(scope, options.idempotency);
      if (first) return new CommandOutcome(first.status, first.body, first.headers);
    }
    return outcome;
  }

  private async firstAnswer(scope: string, idempotency: { key: string; requestHash: string }) {
    const first = await this.support.getAnswer(scope, idempotency.key);
    if (!first) return null;
    if (first.requestHash !== idempotency.requestHash) {
      throw new RuleViolation('idempotency_key_reused', 'This Idempotency-Key was first used with another request.');
    }
    return { status: first.status as 200 | 201, body: first.body as CommandAnswer, headers: first.headers };
  }

  /**
   * A signed command must verify against a key its organization holds now (registered, not revoked),
   * be fresh, and carry a nonce never seen before, or it is refused before anything is decided.
   */
  private async verifySignature(signature: MemberSignature): Promise<void> {
    const { organizationId, keyId, signedAt, nonce, command } = signature;
    const { state } = await this.states.load<OrganizationState | null>('organization', organizationId);
    const key = state ? Organization.activeSigningKey(state, keyId) : null;
    if (!key) throw new RuleViolation('unknown_signing_key', `${organizationId} has no signing key ${keyId} in force (never registered, or revoked)`);
    const now = this.clock().getTime();
    if (Math.abs(now - Date.parse(signedAt!)) > SIGNATURE_FRESHNESS_MS) {
      throw new RuleViolation('stale_signature', `the command was signed at ${signedAt}, more than ${SIGNATURE_FRESHNESS_MS / 60_000} minutes from the ledger's time`);
    }
    if (!verifyCommandSignature({ organizationId, keyId, signedAt: signedAt!, nonce, ...command! }, signature.signature, key.publicKey)) {
      throw new RuleViolation('bad_signature', `the signature does not verify with ${organizationId}'s key ${keyId} over this command (docs/signing.md gives the bytes signed)`);
    }
    // Only a valid signature spends its nonce; a replayed one is refused whatever it carries.
    const fresh = await this.support.useNonce(`org:${organizationId}`, nonce!, new Date(now).toISOString(), new Date(now - 2 * SIGNATURE_FRESHNESS_MS).toISOString());
    if (!fresh) throw new RuleViolation('nonce_reused', `${organizationId} already sent a command signed with the nonce ${nonce}; sign each command with a new one`);
  }

  private async decideAndAppend({ record, id, command, caller }: RecordCommand): Promise<CommandOutcome> {
    const { principal, options } = caller;
    const streamId = streamIdOf(record, id);
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.states.load(record, id);
      if (options.ifMatch !== undefined && revision !== options.ifMatch) throw revisionConflict(streamId, options.ifMatch, revision);
      const now = this.clock().toISOString();
      const actor = actorOf(principal);
      const extra = await this.states.contextFor(record, command, state);
      const domainEvents = record.decider.decide(command, state, decisionContext(actor, now, extra, options.signature ? { keyId: options.signature.keyId } : undefined));
      if (domainEvents.length === 0) return this.unchanged(streamId, id, revision);
      const role = principal.kind === 'organization' ? actingRole(record, state, extra, principal.organizationId) : null;
      const correlationId = options.correlationId ?? newEventId();
      const events = toNewEvents(domainEvents, envelopeActor(principal, role), correlationId, null, options.signature);
      const appends: StreamAppend[] = [{ streamId, events, expectedRevision: revision ?? 'no_stream' }];
      const after = domainEvents.reduce((folded, event) => record.decider.evolve(folded, event), state);
      // What the decision carries out on other records in the same commit (an adopted resolution's acts).
      appends.push(...(await this.followUps(record.followUps?.(after, domainEvents) ?? [], now, correlationId, events[events.length - 1].eventId)));
      try {
        const [result] = await this.store.appendMany(appends);
        const body: CommandAnswer = { id, streamRevision: result.streamRevision, position: result.position, events: result.events.map((e) => ({ eventId: e.eventId, type: e.type })) };
        for (const event of domainEvents) {
          const data = event.data as Record<string, unknown>;
          for (const key of SUB_RECORD_IDS) if (typeof data?.[key] === 'string' && !(key in body)) body[key] = data[key];
        }
        return new CommandOutcome(revision === null ? 201 : 200, body, { etag: `"${result.streamRevision}"` });
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (options.ifMatch !== undefined && error.streamId === streamId) throw revisionConflict(streamId, options.ifMatch, error.actual);
        if (attempt >= MAX_ATTEMPTS) throw new ConflictError('concurrent_change', `${error.streamId} kept changing while the command was decided; retry`);
      }
    }
  }

  /** A command that changes nothing (e.g. the same vote again): answered with where the record stands. */
  private async unchanged(streamId: string, id: string, revision: number | null): Promise<CommandOutcome> {
    const [last] = revision === null ? [] : await this.store.readStream(streamId, { fromRevision: revision });
    return new CommandOutcome(200, { id, streamRevision: revision ?? -1, position: last?.position ?? 0, events: [] }, { etag: `"${revision ?? -1}"` });
  }

  /** The follow-ups decided on the states the command path loads (decision.ts), as appends in the same commit. */
  private async followUps(followUps: readonly FollowUp[], now: string, correlationId: string, causationId: string): Promise<StreamAppend[]> {
    const decided = await decideFollowUps(followUps, (record, id) => this.states.load(record, id), now);
    return decided
      .map(({ streamId, expectedRevision, decided: batches }) => ({
        streamId,
        expectedRevision,
        events: batches.flatMap(({ events, actor }) => toNewEvents(events, followUpActor(actor), correlationId, causationId)),
      }))
      .filter((append) => append.events.length > 0);
  }
}

/**
 * The envelope's events: each caused by the one before it in the same command (the first by
 * `causationId`, when a decision it follows caused it); the first carries the signature.
 */
function toNewEvents(domainEvents: DomainEvent[], actor: EnvelopeActor, correlationId: string, causationId: string | null, signature?: MemberSignature | null): NewEvent[] {
  const events: NewEvent[] = domainEvents.map((event, i) => ({
    eventId: newEventId(),
    type: event.type,
    schemaVersion: EVENT_SCHEMA_VERSIONS[event.type as keyof typeof EVENT_SCHEMA_VERSIONS] ?? 1,
    data: event.data,
    // Events the ledger emits itself as a consequence (e.g. a declaration taking effect) say so.
    actor: LEDGER_EMITTED.has(event.type) ? { type: 'ledger' } : actor,
    correlationId,
    causationId: i === 0 ? causationId : null,
    ...(i === 0 && signature ? { signature } : {}),
  }));
  for (let i = 1; i < events.length; i++) events[i].causationId = events[i - 1].eventId;
  return events;
}

/** An act of a resolution: the collaborative by resolution (LEDGER.md). */
function followUpActor(actor: Actor): EnvelopeActor {
  return actor.kind === 'resolution' ? { type: 'collaborative', collaborativeId: actor.collaborativeId, resolutionId: actor.resolutionId } : { type: actor.kind === 'operator' ? 'operator' : 'ledger' };
}

function envelopeActor(principal: Principal, role: string | null): EnvelopeActor {
  if (principal.kind === 'operator') return { type: 'operator', ...(principal.keyId ? { keyId: principal.keyId } : {}) };
  return { type: 'organization', organizationId: principal.organizationId, ...(role ? { role } : {}), ...(principal.keyId ? { keyId: principal.keyId } : {}) };
}

function revisionConflict(streamId: string, expected: number, actual: number | null): ConflictError {
  return new ConflictError('revision_conflict', `${streamId} is at ${actual === null ? 'no revision' : `revision ${actual}`}, not ${expected}`, { currentRevision: actual });
}
