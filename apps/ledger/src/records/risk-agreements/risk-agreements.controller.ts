import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommandHttp } from '../../commands/command-http';
import { riskAgreementRecord } from '../record-definitions';
import { plain, SignatureDto } from '../shared/dto';
import { RecordIdParam, SubRecordParams } from '../shared/params';
import { newRecordId } from '../shared/record-id';
import { PeriodResultDto, ProposeRiskAgreementDto, SettlementPaymentDto } from './risk-agreement.dto';

/** Shared-risk agreements: proposed, signed by every party, settled by the ledger itself. */
@ApiTags('risk-agreements')
@Controller('risk-agreements')
export class RiskAgreementsController {
  constructor(private readonly http: CommandHttp) {}

  @Post()
  @ApiOperation({ summary: 'Propose a shared-risk agreement (a party or a steward)' })
  propose(@Body() body: ProposeRiskAgreementDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const id = newRecordId();
    return this.http.run(req, reply, riskAgreementRecord, id, { type: 'ProposeRiskAgreement', data: { id, ...plain(body) } });
  }

  @Post(':id/signatures')
  @ApiOperation({ summary: 'Sign it (each party for itself); it takes effect when all have signed' })
  sign(@Param() p: RecordIdParam, @Body() body: SignatureDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, riskAgreementRecord, p.id, { type: 'SignRiskAgreement', data: plain(body) });
  }

  @Post(':id/results')
  @ApiOperation({ summary: "Record the period's actual cost (a steward); the ledger determines the settlement" })
  result(@Param() p: RecordIdParam, @Body() body: PeriodResultDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, riskAgreementRecord, p.id, { type: 'RecordPeriodResult', data: plain(body) });
  }

  @Post(':id/settlements/:subId/payments')
  @ApiOperation({ summary: 'Record a settlement payment (a party or a steward)' })
  pay(@Param() p: SubRecordParams, @Body() body: SettlementPaymentDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, riskAgreementRecord, p.id, { type: 'RecordSettlementPayment', data: { settlementId: p.subId, ...plain(body) } });
  }
}
