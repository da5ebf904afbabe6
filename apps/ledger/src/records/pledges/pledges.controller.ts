import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommandHttp } from '../../commands/command-http';
import { pledgeRecord } from '../record-definitions';
import { EmptyDto, plain, ReasonDto } from '../shared/dto';
import { RecordIdParam, SubRecordParams } from '../shared/params';
import { newRecordId } from '../shared/record-id';
import { AmendmentDto, DisbursementDto, MakePledgeDto, ReceiptDto } from './pledge.dto';

/** Funding pledges: pledged, acknowledged, disbursed, received, amended, cancelled. */
@ApiTags('pledges')
@Controller('pledges')
export class PledgesController {
  constructor(private readonly http: CommandHttp) {}

  @Post()
  @ApiOperation({ summary: 'Pledge funds (the acting organization is the funder)' })
  pledge(@Body() body: MakePledgeDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const id = newRecordId();
    return this.http.run(req, reply, pledgeRecord, id, { type: 'MakePledge', data: { id, ...plain(body) } });
  }

  @Post(':id/acknowledgement')
  @ApiOperation({ summary: 'Acknowledge it (the recipient)' })
  acknowledge(@Param() p: RecordIdParam, @Body() _body: EmptyDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, pledgeRecord, p.id, { type: 'AcknowledgePledge', data: {} });
  }

  @Post(':id/disbursements')
  @ApiOperation({ summary: 'Record a disbursement (the funder); never above what is outstanding' })
  disburse(@Param() p: RecordIdParam, @Body() body: DisbursementDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, pledgeRecord, p.id, { type: 'RecordDisbursement', data: plain(body) });
  }

  @Post(':id/disbursements/:subId/receipt')
  @ApiOperation({ summary: 'Confirm receipt of a disbursement (the recipient)' })
  receive(@Param() p: SubRecordParams, @Body() body: ReceiptDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, pledgeRecord, p.id, { type: 'ConfirmDisbursementReceipt', data: { disbursementId: p.subId, ...plain(body) } });
  }

  @Post(':id/amendments')
  @ApiOperation({ summary: 'Amend the amount or schedule (the funder); never below what was disbursed' })
  amend(@Param() p: RecordIdParam, @Body() body: AmendmentDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, pledgeRecord, p.id, { type: 'AmendPledge', data: plain(body) });
  }

  @Post(':id/cancellation')
  @ApiOperation({ summary: 'Cancel the rest (the funder)' })
  cancel(@Param() p: RecordIdParam, @Body() body: ReasonDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, pledgeRecord, p.id, { type: 'CancelPledge', data: plain(body) });
  }
}
