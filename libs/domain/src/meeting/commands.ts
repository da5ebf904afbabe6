import type { Command } from '../shared/decider';

/**
 * A steward records a meeting of the collaborative once it is held: who attended (current
 * members), the resolutions it took up (of this collaborative), and the digest and a summary of
 * its minutes.
 */
export type RecordMeeting = Command<
  'RecordMeeting',
  { id: string; collaborativeId: string; heldOn: string; title: string; attendees: string[]; resolutionIds?: string[]; minutesSha256?: string; minutesSummary?: string }
>;

export type MeetingCommand = RecordMeeting;
