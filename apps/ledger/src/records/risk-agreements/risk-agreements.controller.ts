import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { RECORDS } from '@ledger/domain';
import { Sends } from '../../actions/command-routes';
import { Caller } from '../../commands/caller.decorator';
import { RecordCommand, type CommandCaller } from '../../commands/record-command';
import { plain, SignatureDto } from '../shared/dto';
import { RecordIdParam, SubRecordParams } from '../shared/params';
import { newRecordId } from '../shared/record-id';
import { PeriodResultDto, ProposeRiskAgreementDto, SettlementPaymentDto } from './risk-agreement.dto';

/** Shared-risk agreements: proposed, signed by every party, settled by the ledger itself. */
@ApiTags('risk-agreements')
@Controller('risk-agreements')
export class RiskAgreementsController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  @Sends('ProposeRiskAgreement')
  @ApiOperation({ summary: 'Propose a shared-risk agreement (a party or a steward)' })
  propose(@Body() body: ProposeRiskAgreementDto, @Caller() caller: CommandCaller) {
    const id = newRecordId();
    return this.bus.execute(new RecordCommand(RECORDS['risk-agreement'], id, { type: 'ProposeRiskAgreement', data: { id, ...plain(body) } }, caller));
  }

  @Post(':id/signatures')
  @Sends('SignRiskAgreement')
  @ApiOperation({ summary: 'Sign it (each party for itself); it takes effect when all have signed' })
  sign(@Param() p: RecordIdParam, @Body() body: SignatureDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS['risk-agreement'], p.id, { type: 'SignRiskAgreement', data: plain(body) }, caller));
  }

  @Post(':id/results')
  @Sends('RecordPeriodResult')
  @ApiOperation({ summary: "Record the period's actual cost (a steward); the ledger determines the settlement" })
  result(@Param() p: RecordIdParam, @Body() body: PeriodResultDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS['risk-agreement'], p.id, { type: 'RecordPeriodResult', data: plain(body) }, caller));
  }

  @Post(':id/settlements/:subId/payments')
  @Sends('RecordSettlementPayment')
  @ApiOperation({ summary: 'Record a settlement payment (a party or a steward)' })
  pay(@Param() p: SubRecordParams, @Body() body: SettlementPaymentDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS['risk-agreement'], p.id, { type: 'RecordSettlementPayment', data: { settlementId: p.subId, ...plain(body) } }, caller));
  }
}
