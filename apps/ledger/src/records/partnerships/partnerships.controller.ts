import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { RECORDS } from '@ledger/domain';
import { Sends } from '../../actions/command-routes';
import { Caller } from '../../commands/caller.decorator';
import { RecordCommand, type CommandCaller } from '../../commands/record-command';
import { plain, ReasonDto, SignatureDto } from '../shared/dto';
import { RecordIdParam } from '../shared/params';
import { newRecordId } from '../shared/record-id';
import { DraftDeclarationDto, WithdrawalDto } from './partnership.dto';

/** Declarations of partnership: drafted, signed by every party, withdrawn from, terminated. */
@ApiTags('partnerships')
@Controller('partnerships')
export class PartnershipsController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  @Sends('DraftDeclaration')
  @ApiOperation({ summary: 'Draft a declaration of partnership (a party or a steward)' })
  draft(@Body() body: DraftDeclarationDto, @Caller() caller: CommandCaller) {
    const id = newRecordId();
    return this.bus.execute(new RecordCommand(RECORDS.partnership, id, { type: 'DraftDeclaration', data: { id, ...plain(body) } }, caller));
  }

  @Post(':id/signatures')
  @Sends('SignDeclaration')
  @ApiOperation({ summary: 'Sign it (each party for itself); it takes effect when all have signed' })
  sign(@Param() p: RecordIdParam, @Body() body: SignatureDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.partnership, p.id, { type: 'SignDeclaration', data: plain(body) }, caller));
  }

  @Post(':id/withdrawals')
  @Sends('WithdrawFromDeclaration')
  @ApiOperation({ summary: 'Withdraw from it (a party for itself)' })
  withdraw(@Param() p: RecordIdParam, @Body() body: WithdrawalDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.partnership, p.id, { type: 'WithdrawFromDeclaration', data: plain(body) }, caller));
  }

  @Post(':id/termination')
  @Sends('TerminateDeclaration')
  @ApiOperation({ summary: 'Terminate it (a steward)' })
  terminate(@Param() p: RecordIdParam, @Body() body: ReasonDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.partnership, p.id, { type: 'TerminateDeclaration', data: plain(body) }, caller));
  }
}
