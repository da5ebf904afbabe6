import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Command } from '@ledger/domain';
import { CommandExecutor, type CommandOptions, type CommandOutcome } from './command-executor.service';
import type { Principal } from './principal';
import type { RecordDefinition } from './record-definition';

/** The one CQRS command every write endpoint sends: run `command` against record `id`. */
export class ExecuteRecordCommand {
  constructor(
    readonly definition: RecordDefinition<unknown>,
    readonly id: string,
    readonly command: Command,
    readonly principal: Principal,
    readonly options: CommandOptions,
  ) {}
}

@CommandHandler(ExecuteRecordCommand)
export class ExecuteRecordCommandHandler implements ICommandHandler<ExecuteRecordCommand, CommandOutcome> {
  constructor(private readonly executor: CommandExecutor) {}

  execute(command: ExecuteRecordCommand): Promise<CommandOutcome> {
    return this.executor.execute(command.definition, command.id, command.command, command.principal, command.options);
  }
}
