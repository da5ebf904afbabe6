import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@ledger/event-store';
import { ApiKeyService } from '../../access/api-key.service';
import { generateApiKey } from '../../access/api-keys';
import { CommandBus } from '@nestjs/cqrs';
import { RECORDS, type Command } from '@ledger/domain';
import type { Principal } from '../../commands/principal';
import { RecordCommand } from '../../commands/record-command';
import { problem } from '../../http/problem-details.filter';
import { LEDGER_CLOCK } from '../../infrastructure/tokens';

/**
 * Issues and revokes API keys as events of the organization's own stream (who issued it, when, its
 * id and label — never the secret), so the organization and its auditors see every key that can act
 * for it. The event is durable before the secret is saved, and before the key is refused: a crash
 * between the two leaves a key that never worked, never one that works unseen.
 */
@Injectable()
export class ApiKeyIssuer {
  constructor(
    private readonly bus: CommandBus,
    private readonly keys: ApiKeyService,
    @Inject(LEDGER_CLOCK) private readonly clock: Clock,
  ) {}

  async issue(organizationId: string, label: string | null, principal: Principal) {
    const issued = generateApiKey();
    const outcome = await this.send(organizationId, { type: 'IssueApiKey', data: { keyId: issued.keyId, label } }, principal);
    await this.keys.registry.saveSecret(issued, organizationId, label, this.clock().toISOString());
    return { keyId: issued.keyId, organizationId, key: issued.key, position: outcome.body.position };
  }

  /** The operator revokes any key; an organization its own (key ids are public: they are on every event a key acts for). */
  async revoke(keyId: string, principal: Principal) {
    const record = await this.keys.registry.find(keyId);
    if (!record || record.organizationId === null) throw problem(404, 'not-found', 'not found', `there is no API key ${keyId}`, { code: 'api_key_not_found' });
    if (principal.kind === 'organization' && principal.organizationId !== record.organizationId) {
      throw problem(403, 'forbidden', 'not allowed', `API key ${keyId} is not ${principal.organizationId}'s; only its organization or the operator revokes it`, {
        code: 'not_the_organization',
      });
    }
    if (record.revokedAt !== null) throw problem(409, 'conflict', 'conflict', `API key ${keyId} is already revoked`, { code: 'api_key_already_revoked' });
    // Already revoked on the log when a crash came before the registry was told: only the registry is left to do.
    if (!this.keys.isRevokedOnLog(keyId)) {
      await this.send(record.organizationId, { type: 'RevokeApiKey', data: { keyId } }, principal);
    }
    await this.keys.registry.markRevoked(keyId, this.clock().toISOString());
    return { keyId, organizationId: record.organizationId, revoked: true };
  }

  private send(organizationId: string, command: Command, principal: Principal) {
    return this.bus.execute(new RecordCommand(RECORDS.organization, organizationId, command, { principal, options: {} }));
  }

  /** The operator lists every key; an organization its own. Never the secrets. */
  list(principal: Principal) {
    return this.keys.registry.list(principal.kind === 'operator' ? undefined : principal.organizationId);
  }
}
