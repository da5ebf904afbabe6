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
import { ReadPolicy } from './access/read-policy';
import { Reminders, type ReminderRun } from './notifications/reminders.service';
import { ProjectionService } from './queries/projection.service';
import { ApiKeyIssuer } from './records/api-keys/api-key-issuer.service';
import { BoardPackService, type BoardPackRequest } from './reports/board-pack.service';
import { renderBoardPack, type BoardPackFormat, type RenderedBoardPack } from './reports/board-pack-render';

export type { Principal } from './commands/principal';
export type { CommandOutcome } from './commands/record-command';
export type { ReminderRun } from './notifications/reminders.service';
export type { BoardPackFormat } from './reports/board-pack-render';
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
  /**
   * The board pack of a collaborative, as the operator reads it, once the read models hold every
   * event in the store: the same gathering and writing as GET /collaboratives/:id/report.
   */
  boardPack(collaborativeId: string, request: BoardPackRequest & { format: BoardPackFormat }): Promise<BoardPackFile>;
  /** The day's reminders not yet sent, now (the same run as the daily one, claimed once per day and contact). */
  remindersNow(): Promise<ReminderRun>;
  close(): Promise<void>;
}

export interface BoardPackFile extends RenderedBoardPack {
  asOf: string;
  treeSize: number;
  rootHash: string;
}

/** How long the read models may take to reach the log's head before an offline report gives up. */
const CATCH_UP_MS = 10 * 60_000;

export async function openLedgerInProcess(options: { clock?: Clock } = {}): Promise<LedgerInProcess> {
  const app: INestApplicationContext = await createLedgerApp({ logger: false, clock: options.clock });
  await app.init();
  const bus = app.get(CommandBus);
  return {
    store: app.get<EventStore>(EVENT_STORE),
    keys: app.get(ApiKeyIssuer),
    send: (record, id, command, principal, commandOptions = {}) => bus.execute(new RecordCommand(record, id, command, { principal, options: commandOptions })),
    boardPack: async (collaborativeId, { format, ...request }) => {
      await readModelsCurrent(app.get(ProjectionService));
      const scope = await app.get(ReadPolicy).scopeOf(OPERATOR);
      const pack = await app.get(BoardPackService).make(collaborativeId, request, scope);
      return { ...(await renderBoardPack(pack, format)), asOf: pack.asOf, treeSize: pack.integrity.treeSize, rootHash: pack.integrity.rootHash };
    },
    remindersNow: async () => {
      // What waits on each organization is read from the read models: bring them to the log's head first.
      await readModelsCurrent(app.get(ProjectionService));
      return app.get(Reminders).runNow();
    },
    close: () => app.close(),
  };
}

/** Waits until the read models hold every event the store held when called (a fresh process may start far behind). */
async function readModelsCurrent(projections: ProjectionService): Promise<void> {
  if (await projections.projector.catchUp(CATCH_UP_MS)) return;
  const status = await projections.status();
  throw new Error(`the read models did not reach the log's head (${status.checkpoint} of ${status.headPosition} events applied, ${status.state})${status.lastError ? `: ${status.lastError}` : ''}`);
}

/** What a refusal says, for a person at a terminal (a problem document's detail, or the error's message). */
export function refusalText(error: unknown): string {
  if (error instanceof ProblemException) return error.problem.detail ?? error.problem.title;
  const detail = (error as { detail?: unknown })?.detail;
  return typeof detail === 'string' ? detail : ((error as Error)?.message ?? String(error));
}
