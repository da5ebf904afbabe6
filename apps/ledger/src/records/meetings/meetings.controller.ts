import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RECORDS } from '@ledger/domain';
import { Sends } from '../../actions/command-routes';
import { Caller } from '../../commands/caller.decorator';
import { RecordCommand, type CommandCaller } from '../../commands/record-command';
import { plain } from '../shared/dto';
import { newRecordId } from '../shared/record-id';
import { RecordMeetingDto } from './meeting.dto';

@ApiTags('governance')
@Controller('meetings')
export class MeetingsController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  @Sends('RecordMeeting')
  @ApiOperation({ summary: 'Record a meeting of the collaborative (a steward): date, title, attendees, the resolutions taken up, the minutes’ digest and summary' })
  record(@Body() body: RecordMeetingDto, @Caller() caller: CommandCaller) {
    const id = newRecordId();
    return this.bus.execute(new RecordCommand(RECORDS.meeting, id, { type: 'RecordMeeting', data: { id, ...plain(body) } }, caller));
  }
}
