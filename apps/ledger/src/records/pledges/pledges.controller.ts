import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { RECORDS } from '@ledger/domain';
import { Sends } from '../../actions/command-routes';
import { Caller } from '../../commands/caller.decorator';
import { RecordCommand, type CommandCaller } from '../../commands/record-command';
import { EmptyDto, plain, ReasonDto } from '../shared/dto';
import { RecordIdParam, SubRecordParams } from '../shared/params';
import { newRecordId } from '../shared/record-id';
import { AmendmentDto, DisbursementDto, MakePledgeDto, ReceiptDto } from './pledge.dto';

/** Funding pledges: pledged, acknowledged, disbursed, received, amended, cancelled. */
@ApiTags('pledges')
@Controller('pledges')
export class PledgesController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  @Sends('MakePledge')
  @ApiOperation({ summary: 'Pledge funds (the acting organization is the funder)' })
  pledge(@Body() body: MakePledgeDto, @Caller() caller: CommandCaller) {
    const id = newRecordId();
    return this.bus.execute(new RecordCommand(RECORDS.pledge, id, { type: 'MakePledge', data: { id, ...plain(body) } }, caller));
  }

  @Post(':id/acknowledgement')
  @Sends('AcknowledgePledge')
  @ApiOperation({ summary: 'Acknowledge it (the recipient)' })
  acknowledge(@Param() p: RecordIdParam, @Body() _body: EmptyDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.pledge, p.id, { type: 'AcknowledgePledge', data: {} }, caller));
  }

  @Post(':id/disbursements')
  @Sends('RecordDisbursement')
  @ApiOperation({ summary: 'Record a disbursement (the funder); never above what is outstanding' })
  disburse(@Param() p: RecordIdParam, @Body() body: DisbursementDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.pledge, p.id, { type: 'RecordDisbursement', data: plain(body) }, caller));
  }

  @Post(':id/disbursements/:subId/receipt')
  @Sends('ConfirmDisbursementReceipt')
  @ApiOperation({ summary: 'Confirm receipt of a disbursement (the recipient)' })
  receive(@Param() p: SubRecordParams, @Body() body: ReceiptDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.pledge, p.id, { type: 'ConfirmDisbursementReceipt', data: { disbursementId: p.subId, ...plain(body) } }, caller));
  }

  @Post(':id/amendments')
  @Sends('AmendPledge')
  @ApiOperation({ summary: 'Amend the amount or schedule (the funder); never below what was disbursed' })
  amend(@Param() p: RecordIdParam, @Body() body: AmendmentDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.pledge, p.id, { type: 'AmendPledge', data: plain(body) }, caller));
  }

  @Post(':id/cancellation')
  @Sends('CancelPledge')
  @ApiOperation({ summary: 'Cancel the rest (the funder)' })
  cancel(@Param() p: RecordIdParam, @Body() body: ReasonDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.pledge, p.id, { type: 'CancelPledge', data: plain(body) }, caller));
  }
}
