import { DeciderSpecification } from '../testing/decider-specification';
import { asOperator, asOrganization, asResolution } from '../testing/context';
import { AUDITOR, FOOD_BANK, HOSPITAL, OBSERVER, OUTSIDER, STEWARD, UPPER_VALLEY, upperValley } from '../testing/fixtures';
import { evolveAll } from '../shared/decider';
import { resolutionDecider } from '../resolution/decider';
import type { ResolutionState } from '../resolution/state';
import type { MeetingCommand } from './commands';
import { meetingDecider } from './decider';
import type { MeetingEvent } from './events';

const spec = DeciderSpecification.for(meetingDecider);
const collaborative = upperValley();
const resolutionOf = (id: string, collaborativeId = UPPER_VALLEY): ResolutionState =>
  evolveAll(resolutionDecider, [
    {
      type: 'ResolutionProposed',
      data: {
        resolutionId: id,
        collaborativeId,
        title: 'Policy',
        matter: 'general',
        acts: [],
        proposedBy: STEWARD,
        proposedAt: '2025-02-01T12:00:00.000Z',
        votingClosesAt: '2025-02-08T12:00:00.000Z',
        rule: { decidedBy: 'steward', quorumPct: '50', thresholdPct: '50', votingDays: 7 },
        electorate: [STEWARD],
        recused: [],
      },
    },
  ])!;
const as = (org: string, extra: Record<string, unknown> = {}) => asOrganization(org, { collaborative, ...extra });
const record = (data: Record<string, unknown> = {}) =>
  ({ type: 'RecordMeeting', data: { id: 'm-march', collaborativeId: UPPER_VALLEY, heldOn: '2025-02-27', title: 'March board', attendees: [STEWARD, HOSPITAL], ...data } }) as MeetingCommand;
const recorded = (data: Record<string, unknown> = {}): MeetingEvent =>
  ({ type: 'MeetingRecorded', data: { meetingId: 'm-march', collaborativeId: UPPER_VALLEY, heldOn: '2025-02-27', title: 'March board', attendees: [STEWARD, HOSPITAL], ...data, recordedBy: STEWARD } }) as MeetingEvent;
const MINUTES = 'AB'.repeat(32);

describe('meeting', () => {
  it('a steward records a meeting held, with its attendees', () => {
    spec.given([]).when(record(), as(STEWARD)).then([recorded()]);
  });

  it('with the resolutions taken up and the digest (lowercase) and summary of the minutes', () => {
    spec
      .given([])
      .when(record({ resolutionIds: ['r-1', 'r-2'], minutesSha256: MINUTES, minutesSummary: 'Adopted the policy' }), as(STEWARD, { 'resolution:0': resolutionOf('r-1'), 'resolution:1': resolutionOf('r-2') }))
      .thenResult((events, state) => {
        expect(events).toEqual([recorded({ resolutionIds: ['r-1', 'r-2'], minutesSha256: MINUTES.toLowerCase(), minutesSummary: 'Adopted the policy' })]);
        expect(state).toMatchObject({ id: 'm-march', resolutionIds: ['r-1', 'r-2'], attendees: [STEWARD, HOSPITAL] });
      });
  });

  it('any current member may have attended (auditors and observers too), not an outsider', () => {
    spec.given([]).when(record({ attendees: [STEWARD, AUDITOR, OBSERVER, FOOD_BANK] }), as(STEWARD)).thenResult((events) => expect(events).toHaveLength(1));
    spec.given([]).when(record({ attendees: [STEWARD, OUTSIDER] }), as(STEWARD)).thenThrows('attendee_not_member', 'rule');
  });

  it('was held: not in the future', () => {
    spec.given([]).when(record({ heldOn: '2025-03-01' }), as(STEWARD)).thenResult((events) => expect(events).toHaveLength(1));
    spec.given([]).when(record({ heldOn: '2025-03-02' }), as(STEWARD)).thenThrows('date_in_future', 'invalid');
  });

  it('names resolutions of its own collaborative that exist', () => {
    spec.given([]).when(record({ resolutionIds: ['r-1'] }), as(STEWARD, { 'resolution:0': null })).thenThrows('resolution_not_found', 'not_found');
    spec.given([]).when(record({ resolutionIds: ['r-1'] }), as(STEWARD, { 'resolution:0': resolutionOf('r-1', 'other-valley') })).thenThrows('resolution_in_other_collaborative', 'rule');
    expect(() => meetingDecider.decide(record({ resolutionIds: ['r-1'] }), null, as(STEWARD))).toThrow(/resolution:0/);
  });

  it('refuses malformed input', () => {
    spec.given([]).when(record({ attendees: [] }), as(STEWARD)).thenThrows('invalid_list', 'invalid');
    spec.given([]).when(record({ attendees: [STEWARD, STEWARD] }), as(STEWARD)).thenThrows('duplicate_id', 'invalid');
    spec.given([]).when(record({ resolutionIds: ['r-1', 'r-1'] }), as(STEWARD)).thenThrows('duplicate_id', 'invalid');
    spec.given([]).when(record({ heldOn: 'last week' }), as(STEWARD)).thenThrows('invalid_date', 'invalid');
    spec.given([]).when(record({ minutesSha256: 'abc' }), as(STEWARD)).thenThrows('invalid_sha256', 'invalid');
    spec.given([]).when(record({ title: ' ' }), as(STEWARD)).thenThrows('required', 'invalid');
  });

  it('only a steward records it, once', () => {
    spec.given([]).when(record(), as(HOSPITAL)).thenThrows('steward_only', 'forbidden');
    spec.given([]).when(record(), asOperator({ collaborative })).thenThrows('steward_only', 'forbidden');
    spec.given([]).when(record(), asResolution(UPPER_VALLEY, 'r-1', { collaborative })).thenThrows('steward_only', 'forbidden');
    spec.given([recorded()]).when(record(), as(STEWARD)).thenThrows('meeting_already_exists', 'conflict');
    spec.given([]).when(record(), asOrganization(STEWARD, { collaborative: null })).thenThrows('collaborative_not_found', 'not_found');
  });
});
