import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { RECORDS } from '@ledger/domain';
import { Sends } from '../../actions/command-routes';
import { Caller } from '../../commands/caller.decorator';
import { RecordCommand, type CommandCaller } from '../../commands/record-command';
import { EmptyDto, plain } from '../shared/dto';
import { RecordIdParam, SubRecordParams } from '../shared/params';
import { RegisterOrganizationDto, SigningKeyDto } from './organization.dto';

@ApiTags('organizations')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  @Sends('RegisterOrganization')
  @ApiOperation({ summary: 'Register an organization (the operator)' })
  register(@Body() body: RegisterOrganizationDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.organization, body.id, { type: 'RegisterOrganization', data: plain(body) }, caller));
  }

  @Post(':id/keys')
  @Sends('RegisterSigningKey')
  @ApiOperation({
    summary: 'Register a signing key (the organization itself only)',
    description:
      'While the organization holds a signing key in force, the command must be signed with one of them (docs/signing.md); ' +
      'otherwise 422 signature_required. Its first key (or one after all were revoked) needs no signature and is on the log for it to see.',
  })
  addKey(@Param() p: RecordIdParam, @Body() body: SigningKeyDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.organization, p.id, { type: 'RegisterSigningKey', data: plain(body) }, caller));
  }

  @Post(':id/keys/:subId/revocation')
  @Sends('RevokeSigningKey')
  @ApiOperation({ summary: 'Revoke a signing key (the organization itself, or the operator to stop a compromised key)' })
  revokeKey(@Param() p: SubRecordParams, @Body() _body: EmptyDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.organization, p.id, { type: 'RevokeSigningKey', data: { keyId: p.subId } }, caller));
  }

  @Post(':id/registry-auditor')
  @Sends('DesignateRegistryAuditor')
  @ApiOperation({ summary: 'Designate the organization a registry auditor, reading every collaborative (the operator; an event on the log)' })
  designateRegistryAuditor(@Param() p: RecordIdParam, @Body() _body: EmptyDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.organization, p.id, { type: 'DesignateRegistryAuditor', data: {} }, caller));
  }

  @Post(':id/registry-auditor/revocation')
  @Sends('EndRegistryAuditorDesignation')
  @ApiOperation({ summary: 'End the designation as registry auditor (the operator)' })
  endRegistryAuditor(@Param() p: RecordIdParam, @Body() _body: EmptyDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.organization, p.id, { type: 'EndRegistryAuditorDesignation', data: {} }, caller));
  }
}
