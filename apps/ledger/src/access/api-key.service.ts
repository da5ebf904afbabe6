import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { LedgerConfig } from '@ledger/config';
import type { SupportStore } from '@ledger/support-store';
import { LEDGER_CONFIG, SUPPORT_STORE } from '../infrastructure/tokens';
import { AccessIndex } from './access-index.service';
import { ApiKeyRegistry, OPERATOR_KEY_FILE, type KeyHolder, type KeyRefusal } from './api-keys';

/** The key in `Authorization: Bearer <key>`, or null when the header is missing or malformed. */
export function bearerKey(header: unknown): string | null {
  const match = typeof header === 'string' ? /^Bearer ([\x21-\x7e]{1,200})$/.exec(header.trim()) : null;
  return match ? match[1] : null;
}

/** The API-key registry inside the app; makes sure the operator has a key at start-up. */
@Injectable()
export class ApiKeyService implements OnModuleInit {
  private readonly logger = new Logger('ApiKeys');
  readonly registry: ApiKeyRegistry;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(SUPPORT_STORE) support: SupportStore,
    private readonly index: AccessIndex,
  ) {
    this.registry = new ApiKeyRegistry(support);
  }

  onModuleInit(): void {
    const { generated, file } = this.registry.loadOperatorKey(this.config.operatorKey, this.config.dataDir);
    if (generated) {
      // Never the key itself: a log line may be kept by a container runtime or a log shipper.
      this.logger.warn(`a new operator API key was generated and written to ${file} (mode 0600): read it from there`);
    } else if (file) {
      this.logger.log(`operator API key: ${file}`);
    }
  }

  /** The operator key itself, for tools running in this process (ledger demo); never served. */
  localOperatorKey(): string {
    return this.config.operatorKey ?? readFileSync(join(this.config.dataDir, OPERATOR_KEY_FILE), 'utf8').trim();
  }

  isRevokedOnLog(keyId: string): boolean {
    return this.index.isApiKeyRevoked(keyId);
  }

  /** A key revoked on the log is refused even if the registry has not marked it yet (a crash in between). */
  async authenticate(key: string): Promise<KeyHolder | KeyRefusal> {
    const holder = await this.registry.authenticate(key);
    return typeof holder === 'object' && holder.kind === 'organization' && this.index.isApiKeyRevoked(holder.keyId) ? 'revoked' : holder;
  }
}
