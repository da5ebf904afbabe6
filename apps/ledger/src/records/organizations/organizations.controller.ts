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
  @ApiOperation({
    summary: 'Register a signing key (the organization itself only)',
    description:
      'While the organization holds a signing key in force, the command must be signed with one of them (docs/signing.md); ' +
      'otherwise 422 signature_required. Its first key (or one after all were revoked) needs no signature and is on the log for it to see.',
  })
  addKey(@Param() p: RecordIdParam, @Body() body: SigningKeyDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, organizationRecord, p.id, { type: 'RegisterSigningKey', data: plain(body) });
  }

  @Post(':id/keys/:subId/revocation')
  @ApiOperation({ summary: 'Revoke a signing key (the organization itself, or the operator to stop a compromised key)' })
  revokeKey(@Param() p: SubRecordParams, @Body() _body: EmptyDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, organizationRecord, p.id, { type: 'RevokeSigningKey', data: { keyId: p.subId } });
  }

  @Post(':id/registry-auditor')
  @ApiOperation({ summary: 'Designate the organization a registry auditor, reading every collaborative (the operator; an event on the log)' })
  designateRegistryAuditor(@Param() p: RecordIdParam, @Body() _body: EmptyDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, organizationRecord, p.id, { type: 'DesignateRegistryAuditor', data: {} });
  }

  @Post(':id/registry-auditor/revocation')
  @ApiOperation({ summary: 'End the designation as registry auditor (the operator)' })
  endRegistryAuditor(@Param() p: RecordIdParam, @Body() _body: EmptyDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, organizationRecord, p.id, { type: 'EndRegistryAuditorDesignation', data: {} });
  }
}
