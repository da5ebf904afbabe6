import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { RECORDS } from '@ledger/domain';
import { Sends } from '../../actions/command-routes';
import { Caller } from '../../commands/caller.decorator';
import { RecordCommand, type CommandCaller } from '../../commands/record-command';
import { EmptyDto, plain, RationaleDto, ReasonDto } from '../shared/dto';
import { RecordIdParam, SubRecordParams } from '../shared/params';
import { newRecordId } from '../shared/record-id';
import { DeliveryDto, DisputeResolutionDto, MakeCommitmentDto, ProgressDto, RevisionDto } from './commitment.dto';

/** Who promised what to whom, by when: the commitment lifecycle (LEDGER.md). */
@ApiTags('commitments')
@Controller('commitments')
export class CommitmentsController {
  constructor(private readonly bus: CommandBus) {}

  private send(caller: CommandCaller, id: string, type: string, data: object) {
    return this.bus.execute(new RecordCommand(RECORDS.commitment, id, { type, data: plain(data) }, caller));
  }

  @Post()
  @Sends('MakeCommitment')
  @ApiOperation({ summary: 'Make a commitment (the acting organization is the promisor)' })
  make(@Body() body: MakeCommitmentDto, @Caller() caller: CommandCaller) {
    const id = newRecordId();
    return this.send(caller, id, 'MakeCommitment', { id, ...plain(body) });
  }

  @Post(':id/acceptance')
  @Sends('AcceptCommitment')
  @ApiOperation({ summary: 'Accept it (the promisee; a steward for the collaborative)' })
  accept(@Param() p: RecordIdParam, @Body() _body: EmptyDto, @Caller() caller: CommandCaller) {
    return this.send(caller, p.id, 'AcceptCommitment', {});
  }

  @Post(':id/declination')
  @Sends('DeclineCommitment')
  @ApiOperation({ summary: 'Decline it (the promisee)' })
  decline(@Param() p: RecordIdParam, @Body() body: ReasonDto, @Caller() caller: CommandCaller) {
    return this.send(caller, p.id, 'DeclineCommitment', body);
  }

  @Post(':id/progress')
  @Sends('ReportCommitmentProgress')
  @ApiOperation({ summary: 'Report progress (the promisor)' })
  progress(@Param() p: RecordIdParam, @Body() body: ProgressDto, @Caller() caller: CommandCaller) {
    return this.send(caller, p.id, 'ReportCommitmentProgress', body);
  }

  @Post(':id/revisions')
  @Sends('ProposeCommitmentRevision')
  @ApiOperation({ summary: 'Propose a revision (the promisor); it takes effect when the promisee accepts it' })
  revise(@Param() p: RecordIdParam, @Body() body: RevisionDto, @Caller() caller: CommandCaller) {
    return this.send(caller, p.id, 'ProposeCommitmentRevision', body);
  }

  @Post(':id/revisions/:subId/acceptance')
  @Sends('AcceptCommitmentRevision')
  @ApiOperation({ summary: 'Accept a proposed revision (the promisee)' })
  acceptRevision(@Param() p: SubRecordParams, @Body() _body: EmptyDto, @Caller() caller: CommandCaller) {
    return this.send(caller, p.id, 'AcceptCommitmentRevision', { revisionId: p.subId });
  }

  @Post(':id/delivery')
  @Sends('ClaimCommitmentDelivery')
  @ApiOperation({ summary: 'Claim delivery (the promisor)' })
  deliver(@Param() p: RecordIdParam, @Body() body: DeliveryDto, @Caller() caller: CommandCaller) {
    return this.send(caller, p.id, 'ClaimCommitmentDelivery', body);
  }

  @Post(':id/delivery-confirmation')
  @Sends('ConfirmCommitmentDelivery')
  @ApiOperation({ summary: 'Confirm delivery (the promisee)' })
  confirm(@Param() p: RecordIdParam, @Body() _body: EmptyDto, @Caller() caller: CommandCaller) {
    return this.send(caller, p.id, 'ConfirmCommitmentDelivery', {});
  }

  @Post(':id/disputes')
  @Sends('DisputeCommitmentDelivery')
  @ApiOperation({ summary: 'Dispute a delivery claim (the promisee)' })
  dispute(@Param() p: RecordIdParam, @Body() body: ReasonDto, @Caller() caller: CommandCaller) {
    return this.send(caller, p.id, 'DisputeCommitmentDelivery', body);
  }

  @Post(':id/dispute-resolution')
  @Sends('ResolveCommitmentDispute')
  @ApiOperation({ summary: 'Resolve a dispute (a steward)' })
  resolve(@Param() p: RecordIdParam, @Body() body: DisputeResolutionDto, @Caller() caller: CommandCaller) {
    return this.send(caller, p.id, 'ResolveCommitmentDispute', body);
  }

  @Post(':id/withdrawal')
  @Sends('WithdrawCommitment')
  @ApiOperation({ summary: 'Withdraw it (the promisor)' })
  withdraw(@Param() p: RecordIdParam, @Body() body: ReasonDto, @Caller() caller: CommandCaller) {
    return this.send(caller, p.id, 'WithdrawCommitment', body);
  }

  @Post(':id/closure')
  @Sends('CloseCommitmentAsMissed')
  @ApiOperation({ summary: 'Close an open commitment as missed (a steward)' })
  close(@Param() p: RecordIdParam, @Body() body: RationaleDto, @Caller() caller: CommandCaller) {
    return this.send(caller, p.id, 'CloseCommitmentAsMissed', body);
  }
}
