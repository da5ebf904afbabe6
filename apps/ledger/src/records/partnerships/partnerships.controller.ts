import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommandHttp } from '../../commands/command-http';
import { partnershipRecord } from '../record-definitions';
import { plain, ReasonDto, SignatureDto } from '../shared/dto';
import { RecordIdParam } from '../shared/params';
import { newRecordId } from '../shared/record-id';
import { DraftDeclarationDto, WithdrawalDto } from './partnership.dto';

/** Declarations of partnership: drafted, signed by every party, withdrawn from, terminated. */
@ApiTags('partnerships')
@Controller('partnerships')
export class PartnershipsController {
  constructor(private readonly http: CommandHttp) {}

  @Post()
  @ApiOperation({ summary: 'Draft a declaration of partnership (a party or a steward)' })
  draft(@Body() body: DraftDeclarationDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const id = newRecordId();
    return this.http.run(req, reply, partnershipRecord, id, { type: 'DraftDeclaration', data: { id, ...plain(body) } });
  }

  @Post(':id/signatures')
  @ApiOperation({ summary: 'Sign it (each party for itself); it takes effect when all have signed' })
  sign(@Param() p: RecordIdParam, @Body() body: SignatureDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, partnershipRecord, p.id, { type: 'SignDeclaration', data: plain(body) });
  }

  @Post(':id/withdrawals')
  @ApiOperation({ summary: 'Withdraw from it (a party for itself)' })
  withdraw(@Param() p: RecordIdParam, @Body() body: WithdrawalDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, partnershipRecord, p.id, { type: 'WithdrawFromDeclaration', data: plain(body) });
  }

  @Post(':id/termination')
  @ApiOperation({ summary: 'Terminate it (a steward)' })
  terminate(@Param() p: RecordIdParam, @Body() body: ReasonDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, partnershipRecord, p.id, { type: 'TerminateDeclaration', data: plain(body) });
  }
}
