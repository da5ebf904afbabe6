import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommandHttp } from '../../commands/command-http';
import { collaborativeRecord } from '../record-definitions';
import { EmptyDto, plain } from '../shared/dto';
import { RecordIdParam, SubRecordParams } from '../shared/params';
import { AdmitMemberDto, FormCollaborativeDto, MeasurementDto, SharedGoalDto } from './collaborative.dto';

@ApiTags('collaboratives')
@Controller('collaboratives')
export class CollaborativesController {
  constructor(private readonly http: CommandHttp) {}

  @Post()
  @ApiOperation({ summary: 'Form a collaborative (the operator)' })
  form(@Body() body: FormCollaborativeDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, collaborativeRecord, body.id, { type: 'FormCollaborative', data: plain(body) });
  }

  @Post(':id/members')
  @ApiOperation({ summary: 'Admit a member with a role (the operator or a steward)' })
  admit(@Param() p: RecordIdParam, @Body() body: AdmitMemberDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, collaborativeRecord, p.id, { type: 'AdmitMember', data: plain(body) });
  }

  @Post(':id/members/:subId/departure')
  @ApiOperation({ summary: 'Record a departure (the operator, a steward, or the organization itself)' })
  depart(@Param() p: SubRecordParams, @Body() _body: EmptyDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, collaborativeRecord, p.id, { type: 'RecordMemberDeparture', data: { organizationId: p.subId } });
  }

  @Post(':id/goals')
  @ApiOperation({ summary: 'Adopt a shared goal (a steward)' })
  adopt(@Param() p: RecordIdParam, @Body() body: SharedGoalDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const { id: goalId, ...rest } = plain(body);
    return this.http.run(req, reply, collaborativeRecord, p.id, { type: 'AdoptSharedGoal', data: { ...(goalId ? { goalId } : {}), ...rest } });
  }

  @Post(':id/goals/:subId/measurements')
  @ApiOperation({ summary: "Record a measurement of a goal's indicator (a steward)" })
  measure(@Param() p: SubRecordParams, @Body() body: MeasurementDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.http.run(req, reply, collaborativeRecord, p.id, { type: 'RecordMeasurement', data: { goalId: p.subId, ...plain(body) } });
  }
}
