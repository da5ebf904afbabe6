import type { Decider } from '../shared/decider';
import type { MeetingCommand } from './commands';
import { decide, type MeetingContext } from './decide';
import type { MeetingEvent } from './events';
import { evolve } from './evolve';
import type { MeetingState } from './state';

export const meetingDecider: Decider<MeetingCommand, MeetingEvent, MeetingState | null, MeetingContext> = {
  initialState: () => null,
  decide,
  evolve,
};
