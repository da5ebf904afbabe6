import type { DecisionContext } from '../shared/decider';
import { ConflictError, InvalidCommandError, NotFoundError, RuleViolation } from '../shared/domain-error';
import {
  LONG_TEXT,
  MEETING_ATTENDEES,
  MEETING_RESOLUTIONS,
  optionalText,
  requireDate,
  requireList,
  requirePastOrToday,
  requireRecordId,
  requireSha256,
  requireText,
} from '../shared/validation';
import { requireCollaborative, requireSteward } from '../collaborative/access';
import { roleOf, type CollaborativeState } from '../collaborative/state';
import type { ResolutionState } from '../resolution/state';
import type { MeetingCommand, RecordMeeting } from './commands';
import type { MeetingEvent } from './events';
import type { MeetingState } from './state';

export interface MeetingContext extends DecisionContext {
  /** The meeting's collaborative (current state), null if it does not exist. */
  readonly collaborative: CollaborativeState | null;
  // And for RecordMeeting, under `resolution:<index>` (meetingResolutionField), each resolution it
  // names, by its index in resolutionIds; null if it does not exist.
}

/** The context field holding the resolution at `index` of a RecordMeeting's resolutionIds. */
export function meetingResolutionField(index: number): `resolution:${number}` {
  return `resolution:${index}`;
}

/** Which collaborative the application layer must load into the context for this command. */
export function collaborativeIdFor(command: MeetingCommand, state: MeetingState | null): string | null {
  return state?.collaborativeId ?? (command.type === 'RecordMeeting' ? command.data.collaborativeId : null);
}

export function decide(command: MeetingCommand, state: MeetingState | null, context: MeetingContext): MeetingEvent[] {
  switch (command.type) {
    case 'RecordMeeting':
      return record(command, state, context);
  }
}

function uniqueIds(value: unknown, path: string, min: number, max: number): string[] {
  const ids = requireList(value, path, min, max).map((id, i) => requireRecordId(id, `${path}[${i}]`));
  const twice = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (twice !== -1) throw new InvalidCommandError('duplicate_id', `${path}[${twice}]: ${ids[twice]} is listed more than once`, `${path}[${twice}]`);
  return ids;
}

function record(command: RecordMeeting, state: MeetingState | null, context: MeetingContext): MeetingEvent[] {
  if (state !== null) throw new ConflictError('meeting_already_exists', `meeting ${state.id} is already recorded`);
  const data = command.data;
  const meetingId = requireRecordId(data.id, 'id');
  const collaborativeId = requireRecordId(data.collaborativeId, 'collaborativeId');
  const heldOn = requirePastOrToday(requireDate(data.heldOn, 'heldOn'), context.today, 'heldOn');
  const title = requireText(data.title, 'title');
  const attendees = uniqueIds(data.attendees, 'attendees', MEETING_ATTENDEES.min, MEETING_ATTENDEES.max);
  const resolutionIds = data.resolutionIds === undefined || data.resolutionIds === null ? [] : uniqueIds(data.resolutionIds, 'resolutionIds', MEETING_RESOLUTIONS.min, MEETING_RESOLUTIONS.max);
  const minutesSha256 = data.minutesSha256 === undefined || data.minutesSha256 === null ? undefined : requireSha256(data.minutesSha256, 'minutesSha256');
  const minutesSummary = optionalText(data.minutesSummary, 'minutesSummary', LONG_TEXT);

  const collaborative = requireCollaborative(context.collaborative, collaborativeId);
  const recordedBy = requireSteward(collaborative, context.actor, 'record meetings');
  const stranger = attendees.find((organizationId) => roleOf(collaborative, organizationId) === null);
  if (stranger) throw new RuleViolation('attendee_not_member', `${stranger} is not a current member of ${collaborativeId}; a meeting records the members that attended`);
  resolutionIds.forEach((resolutionId, i) => {
    const resolution = (context as unknown as Record<string, ResolutionState | null | undefined>)[meetingResolutionField(i)];
    if (resolution === undefined) throw new Error(`context.${meetingResolutionField(i)} must be loaded for RecordMeeting`);
    if (resolution === null || resolution.id !== resolutionId) throw new NotFoundError('resolution_not_found', `resolutionIds[${i}]: there is no resolution ${resolutionId}`);
    if (resolution.collaborativeId !== collaborativeId) {
      throw new RuleViolation('resolution_in_other_collaborative', `resolutionIds[${i}]: resolution ${resolutionId} belongs to ${resolution.collaborativeId}, not ${collaborativeId}`);
    }
  });
  return [
    {
      type: 'MeetingRecorded',
      data: {
        meetingId,
        collaborativeId,
        heldOn,
        title,
        attendees,
        ...(resolutionIds.length > 0 && { resolutionIds }),
        ...(minutesSha256 !== undefined && { minutesSha256 }),
        ...(minutesSummary !== undefined && { minutesSummary }),
        recordedBy,
      },
    },
  ];
}
