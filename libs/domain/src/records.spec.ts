import { RECORDS, RECORD_TYPES, recordOfEvent, recordOfStream, streamIdOf } from './records';
import { EVENT_SCHEMA_VERSIONS } from './event-schema';

describe('record registry: governance records', () => {
  it('keeps resolutions and meetings in streams of their own', () => {
    expect(streamIdOf(RECORDS.resolution, 'r-1')).toBe('resolution-r-1');
    expect(recordOfStream('meeting-m-1')).toBe('meeting');
    expect(recordOfEvent({ streamId: 'resolution-r-1', type: 'VoteCast' })).toMatchObject({ type: RECORDS.resolution, id: 'r-1' });
    expect(recordOfEvent({ streamId: 'meeting-m-1', type: 'MeetingRecorded' })).toMatchObject({ type: RECORDS.meeting, id: 'm-1' });
    expect(recordOfEvent({ streamId: 'collaborative-c', type: 'CharterAmended' })).toMatchObject({ type: RECORDS.collaborative, id: 'c' });
  });

  it('every event type belongs to exactly one record', () => {
    const owned = RECORD_TYPES.flatMap((type) => [...type.eventTypes]);
    expect(owned.sort()).toEqual(Object.keys(EVENT_SCHEMA_VERSIONS).sort());
  });

  it("a proposal loads its collaborative, what its acts name, and its meeting", () => {
    const command = {
      type: 'ProposeResolution',
      data: {
        id: 'r-1',
        collaborativeId: 'upper-valley',
        matter: 'terminate_declaration',
        acts: [{ type: 'terminate_declaration', partnershipId: 'd-1', reason: 'r' }, { type: 'terminate_declaration', partnershipId: 'Bad Id' }, { type: 'admit_member', organizationId: 'food-bank' }],
        meetingId: 'm-1',
      },
    };
    expect(RECORDS.resolution.collaborativeOf(command, null)).toBe('upper-valley');
    expect(RECORDS.resolution.contextFor(command, null)).toEqual([
      { field: 'collaborative', record: 'collaborative', id: 'upper-valley' },
      { field: 'act:0', record: 'partnership', id: 'd-1' },
      { field: 'act:2', record: 'organization', id: 'food-bank' },
      { field: 'meeting', record: 'meeting', id: 'm-1' },
    ]);
  });

  it('a vote loads only the collaborative of the resolution', () => {
    const state = { collaborativeId: 'upper-valley' } as never;
    expect(RECORDS.resolution.contextFor({ type: 'CastVote', data: { choice: 'for' } }, state)).toEqual([{ field: 'collaborative', record: 'collaborative', id: 'upper-valley' }]);
  });

  it('a meeting loads the resolutions it names', () => {
    const command = { type: 'RecordMeeting', data: { id: 'm-1', collaborativeId: 'upper-valley', resolutionIds: ['r-1', 7, 'r-2'] } };
    expect(RECORDS.meeting.contextFor(command, null)).toEqual([
      { field: 'collaborative', record: 'collaborative', id: 'upper-valley' },
      { field: 'resolution:0', record: 'resolution', id: 'r-1' },
      { field: 'resolution:2', record: 'resolution', id: 'r-2' },
    ]);
  });

  it('malformed proposals load nothing more than their collaborative', () => {
    expect(RECORDS.resolution.contextFor({ type: 'ProposeResolution', data: { collaborativeId: 'upper-valley', acts: 'x', meetingId: 5 } }, null)).toEqual([
      { field: 'collaborative', record: 'collaborative', id: 'upper-valley' },
    ]);
  });
});
