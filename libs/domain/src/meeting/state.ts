export interface MeetingState {
  readonly id: string;
  readonly collaborativeId: string;
  readonly heldOn: string;
  readonly title: string;
  readonly attendees: readonly string[];
  /** The resolutions it took up; empty when none. */
  readonly resolutionIds: readonly string[];
  readonly minutesSha256?: string;
  readonly minutesSummary?: string;
  readonly recordedBy: string;
}
