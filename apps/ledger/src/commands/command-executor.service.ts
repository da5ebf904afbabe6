import { Inject, Injectable } from '@nestjs/common';
import {
  DOMAIN_ERROR_HTTP_STATUS,
  isDomainError,
  utcDateOf,
  Organization,
  type OrganizationState,
  type Command,
  type DecisionContext,
  type DomainEvent,
} from '@ledger/domain';
import {
  newEventId,
  WrongExpectedRevisionError,
  type Actor as EnvelopeActor,
  type Clock,
  type EventStore,
  type MemberSignature,
  type NewEvent,
} from '@ledger/event-store';
import type { SupportStore } from '@ledger/support-store';
import { verifyCommandSignature } from '@ledger/integrity';
import { problem } from '../http/problem-details.filter';
import { organizationRecord } from '../records/record-definitions';
import { EVENT_STORE, LEDGER_CLOCK, SUPPORT_STORE } from '../infrastructure/tokens';
import { principalScope, type Principal } from './principal';
import { type RecordDefinition, streamIdOf } from './record-definition';
import { RecordLoader } from './record-loader';

/** The answer of every command (LEDGER.md): also carried as the ETag. */
export interface CommandAnswer {
  id: string;
  streamRevision: number;
  position: number;
  events: Array<{ eventId: string; type: string }>;
  [subRecordId: string]: unknown;
}

export interface CommandOutcome {
  status: 200 | 201;
  body: CommandAnswer;
  headers: Record<string, string>;
}

export interface CommandOptions {
  /** If-Match: the revision the caller saw; the command is refused (409) if the stream moved on. */
  ifMatch?: number;
  /** Idempotency-Key and the hash of the request it was first used with. */
  idempotency?: { key: string; requestHash: string };
  correlationId?: string;
  signature?: MemberSignature | null;
}

/** Ids of sub-records a command creates, answered beside the record's id. */
const SUB_RECORD_IDS = ['revisionId', 'disbursementId', 'settlementId', 'goalId', 'keyId'] as const;
const MAX_ATTEMPTS = 5;
/** How far a signature's signedAt may be from the ledger's clock: limits the replay of a captured request. */
const SIGNATURE_FRESHNESS_MS = 5 * 60_000;

/**
 * Runs one command against one record: load → decide → append with the loaded revision as the
 * expected one. An unconditional command that loses a race is decided again on the new state; a
 * conditional one (If-Match) is refused. Domain refusals become problem documents; nothing is
 * appended for any refusal.
 */
@Injectable()
export class CommandExecutor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SUPPORT_STORE) private readonly support: SupportStore,
    private readonly loader: RecordLoader,
    @Inject(LEDGER_CLOCK) private readonly clock: Clock,
  ) {}

  async execute<S>(
    definition: RecordDefinition<S>,
    id: string,
    command: Command,
    principal: Principal,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    const scope = principalScope(principal);
    if (options.idempotency) {
      const first = await this.support.getAnswer(scope, options.idempotency.key);
      if (first) {
        if (first.requestHash !== options.idempotency.requestHash) {
          throw problem(422, 'idempotency-key-reused', 'idempotency key reused', 'This Idempotency-Key was first used with another request.', {
            code: 'idempotency_key_reused',
          });
        }
        return { status: first.status as 200 | 201, body: first.body as CommandAnswer, headers: { ...first.headers, 'idempotent-replayed': 'true' } };
      }
    }
    // After the idempotency check, so a retry of a signed command (same nonce) gets its first answer.
    if (options.signature) await this.verifySignature(options.signature);
    const outcome = await this.decideAndAppend(definition, id, command, principal, options);
    if (options.idempotency) {
      const saved = await this.support.saveAnswer(scope, options.idempotency.key, { requestHash: options.idempotency.requestHash, ...outcome });
      if (!saved) {
        // A concurrent request with the same key won the race: answer what it answered.
        const first = await this.support.getAnswer(scope, options.idempotency.key);
        if (first) return { status: first.status as 200 | 201, body: first.body as CommandAnswer, headers: first.headers };
      }
    }
    return outcome;
  }

  /**
   * A signed command must verify against a key its organization holds now (registered, not revoked),
   * and be fresh, or it is refused before anything is decided.
   */
  private async verifySignature(signature: MemberSignature): Promise<void> {
    const { organizationId, keyId, signedAt, nonce, command } = signature;
    const { state } = await this.loader.load(organizationRecord, organizationId);
    const key = state ? Organization.activeSigningKey(state as OrganizationState, keyId) : null;
    if (!key) {
      throw problem(422, 'unknown-signing-key', 'refused by a rule', `${organizationId} has no signing key ${keyId} in force (never registered, or revoked)`, {
        code: 'unknown_signing_key',
      });
    }
    const skew = Math.abs(this.clock().getTime() - Date.parse(signedAt!));
    if (skew > SIGNATURE_FRESHNESS_MS) {
      throw problem(422, 'stale-signature', 'refused by a rule', `the command was signed at ${signedAt}, more than ${SIGNATURE_FRESHNESS_MS / 60_000} minutes from the ledger's time`, {
        code: 'stale_signature',
      });
    }
    const valid = verifyCommandSignature({ organizationId, keyId, signedAt: signedAt!, nonce, ...command! }, signature.signature, key.publicKey);
    if (!valid) {
      throw problem(422, 'bad-signature', 'refused by a rule', `the signature does not verify with ${organizationId}'s key ${keyId} over this command (docs/signing.md gives the bytes signed)`, {
        code: 'bad_signature',
      });
    }
    // Only a valid signature spends its nonce; a replayed one is refused whatever it carries.
    const now = this.clock().getTime();
    const fresh = await this.support.useNonce(
      `org:${organizationId}`,
      nonce!,
      new Date(now).toISOString(),
      new Date(now - 2 * SIGNATURE_FRESHNESS_MS).toISOString(),
    );
    if (!fresh) {
      throw problem(422, 'replayed-signature', 'refused by a rule', `${organizationId} already sent a command signed with the nonce ${nonce}; sign each command with a new one`, {
        code: 'nonce_reused',
      });
    }
  }

  private async decideAndAppend<S>(
    definition: RecordDefinition<S>,
    id: string,
    command: Command,
    principal: Principal,
    options: CommandOptions,
  ): Promise<CommandOutcome> {
    const streamId = streamIdOf(definition, id);
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.loader.load(definition, id);
      if (options.ifMatch !== undefined && revision !== options.ifMatch) {
        throw revisionConflict(streamId, options.ifMatch, revision);
      }
      const now = this.clock().toISOString();
      const extra = definition.loadContext ? await definition.loadContext(command, state, this.loader) : { context: {} };
      const context: DecisionContext = {
        actor: principal.kind === 'operator' ? { kind: 'operator' } : { kind: 'organization', organizationId: principal.organizationId },
        now,
        today: utcDateOf(now),
        ids: { next: () => newEventId() },
        ...(options.signature && { signedWith: { keyId: options.signature.keyId } }),
        ...extra.context,
      };
      let domainEvents: DomainEvent[];
      try {
        domainEvents = definition.decider.decide(command, state, context);
      } catch (error) {
        throw toProblem(error);
      }
      const correlationId = options.correlationId ?? newEventId();
      const actor = envelopeActor(principal, extra.roleOf);
      const events: NewEvent[] = domainEvents.map((event, i) => ({
        eventId: newEventId(),
        type: event.type,
        schemaVersion: definition.schemaVersions[event.type] ?? 1,
        data: event.data,
        // Events the ledger emits itself as a consequence (e.g. a declaration taking effect) say so.
        actor: isLedgerEmitted(event.type) ? { type: 'ledger' } : actor,
        correlationId,
        causationId: null,
        ...(i === 0 && options.signature ? { signature: options.signature } : {}),
      }));
      // Each event is caused by the one before it in the same command.
      for (let i = 1; i < events.length; i++) events[i].causationId = events[i - 1].eventId;
      try {
        const result = await this.store.append(streamId, events, { expectedRevision: revision ?? 'no_stream' });
        const body: CommandAnswer = {
          id,
          streamRevision: result.streamRevision,
          position: result.position,
          events: result.events.map((e) => ({ eventId: e.eventId, type: e.type })),
        };
        for (const event of domainEvents) {
          const data = event.data as Record<string, unknown>;
          for (const key of SUB_RECORD_IDS) if (typeof data?.[key] === 'string' && !(key in body)) body[key] = data[key];
        }
        return { status: revision === null ? 201 : 200, body, headers: { etag: `"${result.streamRevision}"` } };
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError) {
          if (options.ifMatch !== undefined) throw revisionConflict(streamId, options.ifMatch, error.actual);
          if (attempt < MAX_ATTEMPTS) continue;
          throw problem(409, 'concurrency', 'concurrent change', `${streamId} kept changing while the command was decided; retry`);
        }
        throw error;
      }
    }
  }
}

function envelopeActor(principal: Principal, roleOf?: (organizationId: string) => string | null): EnvelopeActor {
  if (principal.kind === 'operator') return { type: 'operator', ...(principal.keyId ? { keyId: principal.keyId } : {}) };
  const role = roleOf?.(principal.organizationId) ?? undefined;
  return {
    type: 'organization',
    organizationId: principal.organizationId,
    ...(role ? { role } : {}),
    ...(principal.keyId ? { keyId: principal.keyId } : {}),
  };
}

/** Event types the ledger decides on its own, not the acting organization. */
const LEDGER_EMITTED = new Set(['DeclarationTookEffect', 'RiskAgreementTookEffect', 'SettlementDetermined']);
function isLedgerEmitted(type: string): boolean {
  return LEDGER_EMITTED.has(type);
}

function revisionConflict(streamId: string, expected: number, actual: number | null) {
  return problem(409, 'concurrency', 'revision conflict', `${streamId} is at ${actual === null ? 'no revision' : `revision ${actual}`}, not ${expected}`, {
    code: 'revision_conflict',
    currentRevision: actual,
  });
}

/** A domain refusal as a problem document (status by kind; the rule's code named). */
export function toProblem(error: unknown): unknown {
  if (!isDomainError(error)) return error;
  const status = DOMAIN_ERROR_HTTP_STATUS[error.kind];
  const titles = { invalid: 'invalid input', forbidden: 'not allowed', not_found: 'not found', conflict: 'conflict', rule: 'refused by a rule' };
  return problem(status, error.code.replace(/_/g, '-'), titles[error.kind], error.detail, {
    code: error.code,
    ...(error.kind === 'invalid' ? { errors: [{ path: error.path ?? '', message: error.detail }] } : {}),
  });
}
