import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { LedgerConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import type { SupportStore } from '@ledger/support-store';
import { EVENT_STORE, LEDGER_CONFIG, SUPPORT_STORE } from '../infrastructure/tokens';
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
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(SUPPORT_STORE) support: SupportStore,
  ) {
    this.registry = new ApiKeyRegistry(support, store);
  }

  onModuleInit(): void {
    const { generated, file } = this.registry.loadOperatorKey(this.config.operatorKey, this.config.dataDir);
    if (generated) {
      // Printed once, on the first start; afterwards it is only in the file (mode 0600).
      process.stdout.write(`\noperator API key (shown once; kept in ${file}):\n  ${generated}\n\n`);
    } else if (file) {
      this.logger.log(`operator API key: ${file}`);
    }
  }

  /** The operator key itself, for tools running in this process (ledger demo); never served. */
  localOperatorKey(): string {
    return this.config.operatorKey ?? readFileSync(join(this.config.dataDir, OPERATOR_KEY_FILE), 'utf8').trim();
  }

  authenticate(key: string): Promise<KeyHolder | KeyRefusal> {
    return this.registry.authenticate(key);
  }
}
