import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { RECORDS } from '@ledger/domain';
import { Caller } from '../../commands/caller.decorator';
import { RecordCommand, type CommandCaller } from '../../commands/record-command';
import { EmptyDto, plain } from '../shared/dto';
import { RecordIdParam, SubRecordParams } from '../shared/params';
import { AdmitMemberDto, FormCollaborativeDto, MeasurementDto, SharedGoalDto } from './collaborative.dto';

@ApiTags('collaboratives')
@Controller('collaboratives')
export class CollaborativesController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Form a collaborative (the operator)' })
  form(@Body() body: FormCollaborativeDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.collaborative, body.id, { type: 'FormCollaborative', data: plain(body) }, caller));
  }

  @Post(':id/members')
  @ApiOperation({ summary: 'Admit a member with a role (the operator or a steward)' })
  admit(@Param() p: RecordIdParam, @Body() body: AdmitMemberDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.collaborative, p.id, { type: 'AdmitMember', data: plain(body) }, caller));
  }

  @Post(':id/members/:subId/departure')
  @ApiOperation({ summary: 'Record a departure (the operator, a steward, or the organization itself)' })
  depart(@Param() p: SubRecordParams, @Body() _body: EmptyDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.collaborative, p.id, { type: 'RecordMemberDeparture', data: { organizationId: p.subId } }, caller));
  }

  @Post(':id/goals')
  @ApiOperation({ summary: 'Adopt a shared goal (a steward)' })
  adopt(@Param() p: RecordIdParam, @Body() body: SharedGoalDto, @Caller() caller: CommandCaller) {
    const { id: goalId, ...rest } = plain(body);
    return this.bus.execute(new RecordCommand(RECORDS.collaborative, p.id, { type: 'AdoptSharedGoal', data: { ...(goalId ? { goalId } : {}), ...rest } }, caller));
  }

  @Post(':id/goals/:subId/measurements')
  @ApiOperation({ summary: "Record a measurement of a goal's indicator (a steward)" })
  measure(@Param() p: SubRecordParams, @Body() body: MeasurementDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.collaborative, p.id, { type: 'RecordMeasurement', data: { goalId: p.subId, ...plain(body) } }, caller));
  }
}
