import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { RECORDS } from '@ledger/domain';
import { Sends } from '../../actions/command-routes';
import { Caller } from '../../commands/caller.decorator';
import { RecordCommand, type CommandCaller } from '../../commands/record-command';
import { plain } from '../shared/dto';
import { RecordIdParam, SubRecordParams } from '../shared/params';
import { AdmitMemberDto, DepartureDto, FormCollaborativeDto, GoalRevisionDto, MeasurementCorrectionDto, MeasurementDto, PhaseChangeDto, RoleChangeDto, SharedGoalDto } from './collaborative.dto';
import { CharterDto } from '../resolutions/resolution.dto';

@ApiTags('collaboratives')
@Controller('collaboratives')
export class CollaborativesController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  @Sends('FormCollaborative')
  @ApiOperation({ summary: 'Form a collaborative (the operator)' })
  form(@Body() body: FormCollaborativeDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.collaborative, body.id, { type: 'FormCollaborative', data: plain(body) }, caller));
  }

  @Post(':id/members')
  @Sends('AdmitMember')
  @ApiOperation({ summary: 'Admit a member with a role (the operator or a steward)' })
  admit(@Param() p: RecordIdParam, @Body() body: AdmitMemberDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.collaborative, p.id, { type: 'AdmitMember', data: plain(body) }, caller));
  }

  @Post(':id/members/:subId/departure')
  @Sends('RecordMemberDeparture')
  @ApiOperation({
    summary: 'Record a departure (the organization itself; another organization: the operator, or a steward where the charter lets one steward remove members — else a resolution)',
  })
  depart(@Param() p: SubRecordParams, @Body() body: DepartureDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.collaborative, p.id, { type: 'RecordMemberDeparture', data: { organizationId: p.subId, ...plain(body) } }, caller));
  }

  @Post(':id/members/:subId/role')
  @Sends('ChangeMemberRole')
  @ApiOperation({ summary: "Change a member's role (the operator, or a steward where the charter lets one steward — else a resolution: change_role)" })
  changeRole(@Param() p: SubRecordParams, @Body() body: RoleChangeDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.collaborative, p.id, { type: 'ChangeMemberRole', data: { organizationId: p.subId, ...plain(body) } }, caller));
  }

  @Post(':id/charter')
  @Sends('SetCharter')
  @ApiOperation({ summary: 'Set the first charter (the operator, once): for each matter, who decides and how; later changes only by an adopted amend_charter resolution' })
  charter(@Param() p: RecordIdParam, @Body() body: CharterDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.collaborative, p.id, { type: 'SetCharter', data: plain(body) }, caller));
  }

  @Post(':id/phase')
  @Sends('ChangePathwayPhase')
  @ApiOperation({ summary: 'Change the pathway phase (a steward where the charter lets one steward; under the default charter, a resolution: change_phase)' })
  changePhase(@Param() p: RecordIdParam, @Body() body: PhaseChangeDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.collaborative, p.id, { type: 'ChangePathwayPhase', data: plain(body) }, caller));
  }

  @Post(':id/goals')
  @Sends('AdoptSharedGoal')
  @ApiOperation({ summary: 'Adopt a shared goal (a steward)' })
  adopt(@Param() p: RecordIdParam, @Body() body: SharedGoalDto, @Caller() caller: CommandCaller) {
    const { id: goalId, ...rest } = plain(body);
    return this.bus.execute(new RecordCommand(RECORDS.collaborative, p.id, { type: 'AdoptSharedGoal', data: { ...(goalId ? { goalId } : {}), ...rest } }, caller));
  }

  @Post(':id/goals/:subId/revisions')
  @Sends('ReviseSharedGoal')
  @ApiOperation({ summary: "Revise a shared goal's title or target, with a reason (a steward, as the charter says: revise_goal)" })
  reviseGoal(@Param() p: SubRecordParams, @Body() body: GoalRevisionDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.collaborative, p.id, { type: 'ReviseSharedGoal', data: { goalId: p.subId, ...plain(body) } }, caller));
  }

  @Post(':id/goals/:subId/measurements')
  @Sends('RecordMeasurement')
  @ApiOperation({ summary: "Record a measurement of a goal's indicator (a steward)" })
  measure(@Param() p: SubRecordParams, @Body() body: MeasurementDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.collaborative, p.id, { type: 'RecordMeasurement', data: { goalId: p.subId, ...plain(body) } }, caller));
  }

  @Post(':id/goals/:subId/measurement-corrections')
  @Sends('CorrectMeasurement')
  @ApiOperation({
    summary: 'Correct a recorded measurement (a steward): a MeasurementCorrected event naming the period it corrects and the value it replaces',
    description:
      'The corrected value replaces the one in force in the goal\'s series, its latest measurement, achieved and the board pack; the series keeps ' +
      'each correction (previous value, value, reason, when). 404 measurement_not_found when the goal has no measurement for that period; ' +
      '422 measurement_unchanged when the value (and source) would not change.',
  })
  correctMeasurement(@Param() p: SubRecordParams, @Body() body: MeasurementCorrectionDto, @Caller() caller: CommandCaller) {
    return this.bus.execute(new RecordCommand(RECORDS.collaborative, p.id, { type: 'CorrectMeasurement', data: { goalId: p.subId, ...plain(body) } }, caller));
  }
}
