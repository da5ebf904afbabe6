import type { Command } from 'commander';
import { loadConfig } from '@ledger/config';
import { openEventStore } from '@ledger/event-store';
import { openSupportStore } from '@ledger/support-store';
import { ApiKeyRegistry } from '../../../ledger/src/access/api-keys';

/** `ledger keys create|list|revoke`: the operator's API-key workflow without the server. */
export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('issue, list and revoke API keys bound to organizations');

  keys
    .command('create')
    .description('issue a key for one organization; the key is printed once and stored only as a hash')
    .requiredOption('--org <organizationId>', 'the organization the key acts for')
    .option('--label <text>', 'what the key is for')
    .action(async (options: { org: string; label?: string }) => {
      await withRegistry(async (registry) => {
        const issued = await registry.issue(options.org, options.label ?? null);
        if (!issued) throw new Error(`there is no organization ${options.org}; register it first (POST /organizations)`);
        console.log(`key ${issued.keyId} for ${options.org} (shown once; keep it safe):\n${issued.key}`);
      });
    });

  keys
    .command('list')
    .description('list keys: id, organization, label, created, revoked (never the keys themselves)')
    .action(async () => {
      await withRegistry(async (registry) => {
        const list = await registry.list();
        if (list.length === 0) console.log('no API keys issued yet');
        for (const k of list) {
          console.log(`${k.keyId}  ${k.organizationId ?? 'operator'}  ${k.label ?? ''}  created ${k.createdAt}${k.revokedAt ? `  revoked ${k.revokedAt}` : ''}`);
        }
      });
    });

  keys
    .command('revoke <keyId>')
    .description('revoke a key: requests with it are refused from now on')
    .action(async (keyId: string) => {
      await withRegistry(async (registry) => {
        const outcome = await registry.revoke(keyId);
        if (outcome === 'unknown') throw new Error(`there is no API key ${keyId}`);
        console.log(outcome === 'revoked' ? `revoked ${keyId}` : `${keyId} was already revoked`);
      });
    });
}

async function withRegistry(work: (registry: ApiKeyRegistry) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const store = await openEventStore(config);
  const support = await openSupportStore(config);
  try {
    await work(new ApiKeyRegistry(support, store));
  } finally {
    await support.close();
    await store.close();
  }
}
