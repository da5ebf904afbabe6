import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommandHttp } from '../../commands/command-http';
import { organizationRecord } from '../record-definitions';
import { EmptyDto, plain } from '../shared/dto';
import { RecordIdParam, SubRecordParams } from '../shared/params';
import { RegisterOrganizationDto, SigningKeyDto } from './organization.dto';

@ApiTags('organizations')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly http: CommandHttp) {}

  @Post()
  @ApiOperation({ summary: 'Register an organization (the operator)' })
  register(@Body() body: RegisterOrganizationDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, organizationRecord, body.id, { type: 'RegisterOrganization', data: plain(body) });
  }

  @Post(':id/keys')
  @ApiOperation({ summary: 'Register a signing key (the operator or the organization itself)' })
  addKey(@Param() p: RecordIdParam, @Body() body: SigningKeyDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, organizationRecord, p.id, { type: 'RegisterSigningKey', data: plain(body) });
  }

  @Post(':id/keys/:subId/revocation')
  @ApiOperation({ summary: 'Revoke a signing key (the operator or the organization itself)' })
  revokeKey(@Param() p: SubRecordParams, @Body() _body: EmptyDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, organizationRecord, p.id, { type: 'RevokeSigningKey', data: { keyId: p.subId } });
  }
}
