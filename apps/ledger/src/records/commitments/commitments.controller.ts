import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommandHttp } from '../../commands/command-http';
import { commitmentRecord } from '../record-definitions';
import { EmptyDto, plain, RationaleDto, ReasonDto } from '../shared/dto';
import { RecordIdParam, SubRecordParams } from '../shared/params';
import { newRecordId } from '../shared/record-id';
import { DeliveryDto, DisputeResolutionDto, MakeCommitmentDto, ProgressDto, RevisionDto } from './commitment.dto';

/** Who promised what to whom, by when: the commitment lifecycle (LEDGER.md). */
@ApiTags('commitments')
@Controller('commitments')
export class CommitmentsController {
  constructor(private readonly http: CommandHttp) {}

  private run(req: FastifyRequest, reply: FastifyReply, id: string, type: string, data: object) {
    return this.http.run(req, reply, commitmentRecord, id, { type, data: plain(data) });
  }

  @Post()
  @ApiOperation({ summary: 'Make a commitment (the acting organization is the promisor)' })
  make(@Body() body: MakeCommitmentDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const id = newRecordId();
    return this.run(req, reply, id, 'MakeCommitment', { id, ...plain(body) });
  }

  @Post(':id/acceptance')
  @ApiOperation({ summary: 'Accept it (the promisee; a steward for the collaborative)' })
  accept(@Param() p: RecordIdParam, @Body() _body: EmptyDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(req, reply, p.id, 'AcceptCommitment', {});
  }

  @Post(':id/declination')
  @ApiOperation({ summary: 'Decline it (the promisee)' })
  decline(@Param() p: RecordIdParam, @Body() body: ReasonDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(req, reply, p.id, 'DeclineCommitment', body);
  }

  @Post(':id/progress')
  @ApiOperation({ summary: 'Report progress (the promisor)' })
  progress(@Param() p: RecordIdParam, @Body() body: ProgressDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(req, reply, p.id, 'ReportCommitmentProgress', body);
  }

  @Post(':id/revisions')
  @ApiOperation({ summary: 'Propose a revision (the promisor); it takes effect when the promisee accepts it' })
  revise(@Param() p: RecordIdParam, @Body() body: RevisionDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(req, reply, p.id, 'ProposeCommitmentRevision', body);
  }

  @Post(':id/revisions/:subId/acceptance')
  @ApiOperation({ summary: 'Accept a proposed revision (the promisee)' })
  acceptRevision(@Param() p: SubRecordParams, @Body() _body: EmptyDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(req, reply, p.id, 'AcceptCommitmentRevision', { revisionId: p.subId });
  }

  @Post(':id/delivery')
  @ApiOperation({ summary: 'Claim delivery (the promisor)' })
  deliver(@Param() p: RecordIdParam, @Body() body: DeliveryDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(req, reply, p.id, 'ClaimCommitmentDelivery', body);
  }

  @Post(':id/delivery-confirmation')
  @ApiOperation({ summary: 'Confirm delivery (the promisee)' })
  confirm(@Param() p: RecordIdParam, @Body() _body: EmptyDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(req, reply, p.id, 'ConfirmCommitmentDelivery', {});
  }

  @Post(':id/disputes')
  @ApiOperation({ summary: 'Dispute a delivery claim (the promisee)' })
  dispute(@Param() p: RecordIdParam, @Body() body: ReasonDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(req, reply, p.id, 'DisputeCommitmentDelivery', body);
  }

  @Post(':id/dispute-resolution')
  @ApiOperation({ summary: 'Resolve a dispute (a steward)' })
  resolve(@Param() p: RecordIdParam, @Body() body: DisputeResolutionDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(req, reply, p.id, 'ResolveCommitmentDispute', body);
  }

  @Post(':id/withdrawal')
  @ApiOperation({ summary: 'Withdraw it (the promisor)' })
  withdraw(@Param() p: RecordIdParam, @Body() body: ReasonDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(req, reply, p.id, 'WithdrawCommitment', body);
  }

  @Post(':id/closure')
  @ApiOperation({ summary: 'Close an open commitment as missed (a steward)' })
  close(@Param() p: RecordIdParam, @Body() body: RationaleDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(req, reply, p.id, 'CloseCommitmentAsMissed', body);
  }
}
