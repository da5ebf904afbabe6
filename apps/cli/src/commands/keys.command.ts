import type { Command } from 'commander';
import { OPERATOR, openLedgerInProcess, refusalText, type LedgerInProcess } from '../../../ledger/src/in-process';

/**
 * `ledger keys create|list|revoke`: the operator's API-key workflow without the server. It runs the
 * ledger's own command path in process, so issuing and revoking are recorded on the log as over HTTP.
 */
export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('issue, list and revoke API keys bound to organizations');

  keys
    .command('create')
    .description('issue a key for one organization; the key is printed once and stored only as a hash')
    .requiredOption('--org <organizationId>', 'the organization the key acts for')
    .option('--label <text>', 'what the key is for')
    .action(async (options: { org: string; label?: string }) => {
      await withIssuer(async (issuer) => {
        const issued = await issuer.issue(options.org, options.label ?? null, OPERATOR);
        console.log(`key ${issued.keyId} for ${options.org} (shown once; keep it safe):\n${issued.key}`);
      });
    });

  keys
    .command('list')
    .description('list keys: id, organization, label, created, revoked (never the keys themselves)')
    .action(async () => {
      await withIssuer(async (issuer) => {
        const list = await issuer.list(OPERATOR);
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
      await withIssuer(async (issuer) => {
        await issuer.revoke(keyId, OPERATOR);
        console.log(`revoked ${keyId}`);
      });
    });
}

async function withIssuer(work: (issuer: LedgerInProcess['keys']) => Promise<void>): Promise<void> {
  const ledger = await openLedgerInProcess();
  try {
    await work(ledger.keys);
  } catch (error) {
    // A refusal of the ledger: say what, not a stack trace.
    throw new Error(refusalText(error));
  } finally {
    await ledger.close();
  }
}
