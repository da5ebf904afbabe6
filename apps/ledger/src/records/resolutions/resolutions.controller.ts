import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RECORDS } from '@ledger/domain';
import { Sends } from '../../actions/command-routes';
import { Caller } from '../../commands/caller.decorator';
import { RecordCommand, type CommandCaller } from '../../commands/record-command';
import { EmptyDto, plain, ReasonDto } from '../shared/dto';
import { RecordIdParam } from '../shared/params';
import { newRecordId } from '../shared/record-id';
import { ProposeResolutionDto, VoteDto } from './resolution.dto';

/** The stewardship group decides on the record: propose, vote, recuse, close, withdraw (LEDGER.md, "Governance"). */
@ApiTags('governance')
@Controller('resolutions')
export class ResolutionsController {
  constructor(private readonly bus: CommandBus) {}

  private send(caller: CommandCaller, id: string, type: string, data: object) {
    return this.bus.execute(new RecordCommand(RECORDS.resolution, id, { type, data: plain(data) }, caller));
  }

  @Post()
  @Sends('ProposeResolution')
  @ApiOperation({
    summary: 'Propose a resolution (a steward; a member where the matter is decided by the members)',
    description:
      'The electorate and the rule are fixed as voting opens; organizations party to what it acts on are recused by the ledger. ' +
      'Acts are checked now against their records (a 4xx names the act, e.g. acts[0].partnershipId).',
  })
  propose(@Body() body: ProposeResolutionDto, @Caller() caller: CommandCaller) {
    const id = newRecordId();
    return this.send(caller, id, 'ProposeResolution', { id, ...plain(body) });
  }

  @Post(':id/votes')
  @Sends('CastVote')
  @ApiOperation({ summary: 'Vote for, against or abstain (an eligible organization, for itself); a vote may change until voting closes, the same vote again changes nothing' })
  vote(@Param() p: RecordIdParam, @Body() body: VoteDto, @Caller() caller: CommandCaller) {
    return this.send(caller, p.id, 'CastVote', body);
  }

  @Post(':id/recusals')
  @Sends('RecuseFromResolution')
  @ApiOperation({ summary: 'Recuse itself, with a reason (an eligible organization): it counts neither for quorum nor for the threshold' })
  recuse(@Param() p: RecordIdParam, @Body() body: ReasonDto, @Caller() caller: CommandCaller) {
    return this.send(caller, p.id, 'RecuseFromResolution', body);
  }

  @Post(':id/closure')
  @Sends('CloseResolution')
  @ApiOperation({
    summary: 'Close it (a steward), once voting has closed or no remaining vote can change the outcome',
    description:
      'The ledger computes the outcome (adopted, rejected, lapsed). When adopted, the acts are appended to their records in the same commit, ' +
      'each caused by the adoption and acted by the collaborative by resolution; an act its record now refuses fails the closure (422 act_refused), appending nothing.',
  })
  close(@Param() p: RecordIdParam, @Body() _body: EmptyDto, @Caller() caller: CommandCaller) {
    return this.send(caller, p.id, 'CloseResolution', {});
  }

  @Post(':id/withdrawal')
  @Sends('WithdrawResolution')
  @ApiOperation({ summary: 'Withdraw it before it closes (the proposer)' })
  withdraw(@Param() p: RecordIdParam, @Body() body: ReasonDto, @Caller() caller: CommandCaller) {
    return this.send(caller, p.id, 'WithdrawResolution', body);
  }
}
