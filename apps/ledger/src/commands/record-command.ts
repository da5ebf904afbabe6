import { Command } from '@nestjs/cqrs';
import type { Command as DomainCommand, RecordType } from '@ledger/domain';
import type { MemberSignature } from '@ledger/event-store';
import type { Principal } from './principal';

/** How a command is sent, besides what it says: the request's conditions and credentials. */
export interface CommandOptions {
  /** If-Match: the revision the caller saw; the command is refused (409) if the stream moved on. */
  ifMatch?: number;
  /** Idempotency-Key and the hash of the request it was first used with. */
  idempotency?: { key: string; requestHash: string };
  correlationId?: string;
  signature?: MemberSignature | null;
}

/** Who sends a command, and how. */
export interface CommandCaller {
  principal: Principal;
  options: CommandOptions;
}

/** The answer of every command (LEDGER.md); its streamRevision is also the ETag. */
export interface CommandAnswer {
  id: string;
  streamRevision: number;
  position: number;
  events: Array<{ eventId: string; type: string }>;
  [subRecordId: string]: unknown;
}

/** What a command came to: the answer, whether it created the record, and headers to send with it. */
export class CommandOutcome {
  constructor(
    readonly status: 200 | 201,
    readonly body: CommandAnswer,
    readonly headers: Record<string, string>,
  ) {}
}

/** Run `command` against the record `id` of `record`, as `caller`. Its handler answers a CommandOutcome. */
export class RecordCommand extends Command<CommandOutcome> {
  constructor(
    readonly record: RecordType,
    readonly id: string,
    readonly command: DomainCommand,
    readonly caller: CommandCaller,
  ) {
    super();
  }
}
