import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { RECORDS } from '@ledger/domain';
import { Caller } from '../commands/caller.decorator';
import { resolvePrincipal } from '../commands/principal';
import { RecordCommand, type CommandCaller } from '../commands/record-command';
import { problem } from '../http/problem-details.filter';
import { EmptyDto, plain } from '../records/shared/dto';
import { RecordIdParam, SubRecordParams } from '../records/shared/params';
import { ContactDto } from './notifications.dto';
import { Reminders } from './reminders.service';

/** An organization's contacts: the addresses reminders go to (events of its own record, read by it alone). */
@ApiTags('organizations')
@Controller('organizations')
export class ContactsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly reminders: Reminders,
  ) {}

  @Post(':id/contacts')
  @ApiOperation({
    summary: 'Register a contact address (the organization itself, or the operator)',
    description: 'Answers the command with contactId. Reminders go to it in its language (en or fr). 409 contact_already_registered for an address already there.',
  })
  register(@Param() p: RecordIdParam, @Body() body: ContactDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.organization, p.id, { type: 'RegisterContact', data: plain(body) }, caller));
  }

  @Post(':id/contacts/:subId/removal')
  @ApiOperation({ summary: 'Remove a contact (the organization itself, or the operator): no reminder goes to it from then on' })
  remove(@Param() p: SubRecordParams, @Body() _body: EmptyDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.organization, p.id, { type: 'RemoveContact', data: { contactId: p.subId } }, caller));
  }

  @Get(':id/contacts')
  @ApiOperation({ summary: "The organization's contacts in force (the organization itself, or the operator)" })
  list(@Param() p: RecordIdParam, @Req() request: FastifyRequest) {
    const principal = resolvePrincipal(request);
    if (principal.kind === 'organization' && principal.organizationId !== p.id) {
      throw problem(403, 'forbidden', 'not allowed', `only ${p.id} itself or the operator reads its contacts`, { code: 'not_the_organization' });
    }
    return { items: this.reminders.contactsOf(p.id).map(({ contactId, email, name, language }) => ({ contactId, email, name, language })), nextCursor: null };
  }
}

