import type { DomainEvent } from '../shared/decider';

export type MeetingRecorded = DomainEvent<
  'MeetingRecorded',
  {
    meetingId: string;
    collaborativeId: string;
    heldOn: string;
    title: string;
    attendees: string[];
    resolutionIds?: string[];
    minutesSha256?: string;
    minutesSummary?: string;
    recordedBy: string;
  }
>;

export type MeetingEvent = MeetingRecorded;

export const MEETING_EVENT_SCHEMA_VERSIONS = {
  MeetingRecorded: 1,
} as const satisfies Record<MeetingEvent['type'], number>;
