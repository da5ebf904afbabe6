import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Command, RecordType } from '@ledger/domain';
import type { Clock, EventStore } from '@ledger/event-store';
import { OPERATOR_KEY_ID } from './access/api-keys';
import { createLedgerApp } from './bootstrap';
import type { Principal } from './commands/principal';
import { RecordCommand, type CommandOptions, type CommandOutcome } from './commands/record-command';
import { ProblemException } from './http/problem-details.filter';
import { EVENT_STORE } from './infrastructure/tokens';
import { ApiKeyIssuer } from './records/api-keys/api-key-issuer.service';

export type { Principal } from './commands/principal';
export type { CommandOutcome } from './commands/record-command';
/** The ids of records the ledger names itself (commitments, pledges, ...), as its HTTP API chooses them. */
export { newRecordId } from './records/shared/record-id';

/** The operator, as the tools running beside the ledger act. */
export const OPERATOR: Principal = { kind: 'operator', keyId: OPERATOR_KEY_ID };

/**
 * The ledger in this process, for the command line: the same command handler, stores and key
 * registry the server uses, without listening for HTTP. The one door the CLI has into the server.
 */
export interface LedgerInProcess {
  readonly store: EventStore;
  readonly keys: ApiKeyIssuer;
  /** Sends a command through the ledger's command handler, as `principal`. */
  send(record: RecordType, id: string, command: Command, principal: Principal, options?: CommandOptions): Promise<CommandOutcome>;
  close(): Promise<void>;
}

export async function openLedgerInProcess(options: { clock?: Clock } = {}): Promise<LedgerInProcess> {
  const app: INestApplicationContext = await createLedgerApp({ logger: false, clock: options.clock });
  await app.init();
  const bus = app.get(CommandBus);
  return {
    store: app.get<EventStore>(EVENT_STORE),
    keys: app.get(ApiKeyIssuer),
    send: (record, id, command, principal, commandOptions = {}) => bus.execute(new RecordCommand(record, id, command, { principal, options: commandOptions })),
    close: () => app.close(),
  };
}

/** What a refusal says, for a person at a terminal (a problem document's detail, or the error's message). */
export function refusalText(error: unknown): string {
  if (error instanceof ProblemException) return error.problem.detail ?? error.problem.title;
  const detail = (error as { detail?: unknown })?.detail;
  return typeof detail === 'string' ? detail : ((error as Error)?.message ?? String(error));
}
