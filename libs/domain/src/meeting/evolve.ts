import { compact } from '../shared/validation';
import type { MeetingEvent } from './events';
import type { MeetingState } from './state';

export function evolve(state: MeetingState | null, event: MeetingEvent): MeetingState | null {
  switch (event.type) {
    case 'MeetingRecorded': {
      const { meetingId, resolutionIds, ...minutes } = event.data;
      return compact({ id: meetingId, ...minutes, resolutionIds: resolutionIds ?? [] });
    }
    default:
      return state;
  }
}
