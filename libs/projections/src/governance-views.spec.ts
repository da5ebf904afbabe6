import { collaborativeDecider, meetingDecider, type CollaborativeState, type MeetingState } from '@ledger/domain';
import { charterView, meetingView, phaseHistoryOf, resolutionListItem, resolutionView } from './governance-views';
import { resolutionOf } from './testing/governance';

const last = { position: 9, streamRevision: 3, recordedAt: '2025-03-05T12:00:00.000Z' };
const at = (day: number, hour = 12) => new Date(Date.UTC(2025, 2, day, hour)).toISOString();
const story = {
  id: 'r1',
  proposedBy: 'a',
  proposedAt: at(1),
  votingClosesAt: at(8),
  electorate: ['a', 'b', 'c', 'd'],
  recused: [['d', 'party to the declaration']] as Array<[string, string]>,
  votes: [
    ['b', 'against', at(3)],
    ['a', 'for', at(2)],
  ] as Array<[string, 'for' | 'against' | 'abstain', string]>,
};
const phaseEvent = { position: 12, streamId: 'collaborative-uv', type: 'PathwayPhaseChanged', recordedAt: at(9) };

function collaborative(events: Array<{ type: string; data: Record<string, unknown> }>): CollaborativeState {
  let state: CollaborativeState | null = null;
  for (const event of events) state = collaborativeDecider.evolve(state, event as never);
  return state!;
}

describe('governance views', () => {
  it('show a resolution voting, then awaiting closure, with the tally of the votes in force and no outcome', () => {
    const state = resolutionOf(story);
    const voting = resolutionListItem(state, at(4), last, []);
    expect(voting).toMatchObject({
      id: 'r1',
      collaborativeId: 'uv',
      matter: 'general',
      proposedBy: 'a',
      status: 'voting',
      rule: { decidedBy: 'stewards', quorumPct: '50', thresholdPct: '50', votingDays: 7 },
      tally: { eligible: 3, for: 1, against: 1, abstain: 0, recused: 1, notVoted: 1, quorumMet: true, thresholdMet: false },
      outcome: null,
      acts: [],
      actEvents: [],
      lastEvent: last,
    });
    expect(voting).not.toHaveProperty('votes');
    expect(voting).not.toHaveProperty('closure');
    // Voting stops at votingClosesAt itself.
    expect(resolutionListItem(state, at(8), last, []).status).toBe('awaiting_closure');
  });

  it('show the outcome and the final tally once closed, with the positions of the acts it carried out', () => {
    const tally = { eligible: 3, for: 2, against: 1, abstain: 0, recused: 1, notVoted: 0, quorumMet: true, thresholdMet: true };
    const state = resolutionOf({ ...story, votes: [...story.votes, ['c', 'for', at(4)]], closed: { outcome: 'adopted', closedAt: at(9), tally } });
    const item = resolutionListItem(state, at(10), last, [phaseEvent]);
    expect(item).toMatchObject({ status: 'adopted', outcome: 'adopted', tally, closure: { closedBy: 'a', closedAt: at(9), early: false }, actEvents: [phaseEvent] });
  });

  it('show who voted how, by the time of the vote, only when asked to; the electorate and recusals always', () => {
    const state = resolutionOf(story);
    const member = resolutionView(state, at(4), last, [], { votes: true });
    expect(member.votes).toEqual([
      { organizationId: 'a', choice: 'for', castAt: at(2) },
      { organizationId: 'b', choice: 'against', castAt: at(3) },
    ]);
    expect(member.electorate).toEqual(['a', 'b', 'c', 'd']);
    expect(member.recusals).toEqual([{ organizationId: 'd', reason: 'party to the declaration', automatic: true }]);
    const observer = resolutionView(state, at(4), last, [], { votes: false });
    expect(observer).not.toHaveProperty('votes');
    expect(observer.tally).toEqual(member.tally);
    expect(JSON.stringify(observer)).not.toContain('"choice"');
  });

  it('show a withdrawn resolution as withdrawn, with no outcome', () => {
    const item = resolutionListItem(resolutionOf({ ...story, withdrawnBy: 'a' }), at(4), last, []);
    expect(item).toMatchObject({ status: 'withdrawn', outcome: null, withdrawal: { reason: 'Superseded', withdrawnBy: 'a' } });
  });

  it('show the charter in force: the default charter, then the rules a charter sets, each marked', () => {
    const formed = { type: 'CollaborativeFormed', data: { collaborativeId: 'uv', name: 'UV', region: 'UV', pathwayPhase: 4, formedAt: at(1) } };
    const byDefault = charterView(collaborative([formed]), last);
    expect(byDefault.charterAdopted).toBe(false);
    expect(byDefault.rules.every((rule) => rule.source === 'default')).toBe(true);
    expect(byDefault.rules.filter((rule) => rule.matter === 'admit_member').map((rule) => [rule.decidedBy, rule.forRoles])).toEqual([
      ['stewards', ['steward', 'auditor']],
      ['steward', ['member', 'observer']],
    ]);
    expect(byDefault.rules.find((rule) => rule.matter === 'amend_charter')).toMatchObject({ decidedBy: 'stewards', thresholdPct: '66.67' });
    const rule = { matter: 'adopt_goal', decidedBy: 'members', quorumPct: '60', thresholdPct: 'consensus', votingDays: 10 };
    const chartered = charterView(collaborative([formed, { type: 'CharterAdopted', data: { collaborativeId: 'uv', rules: [rule] } }]), last);
    expect(chartered.charterAdopted).toBe(true);
    expect(chartered.rules.find((r) => r.matter === 'adopt_goal')).toEqual({ ...rule, source: 'charter' });
    expect(chartered.rules.find((r) => r.matter === 'revise_goal')).toMatchObject({ decidedBy: 'steward', source: 'default' });
  });

  it('show the phase history from the formation, with the resolution that decided a change', () => {
    const state = collaborative([
      { type: 'CollaborativeFormed', data: { collaborativeId: 'uv', name: 'UV', region: 'UV', pathwayPhase: 4, formedAt: at(1) } },
      { type: 'PathwayPhaseChanged', data: { collaborativeId: 'uv', pathwayPhase: 5, previousPhase: 4, from: at(9), resolutionId: 'r1' } },
    ]);
    expect(phaseHistoryOf(state)).toEqual([
      { pathwayPhase: 4, from: at(1) },
      { pathwayPhase: 5, from: at(9), resolutionId: 'r1' },
    ]);
    const older = collaborative([{ type: 'CollaborativeFormed', data: { collaborativeId: 'uv', name: 'UV', region: 'UV', pathwayPhase: 4 } }]);
    expect(phaseHistoryOf(older)).toEqual([{ pathwayPhase: 4, from: null }]);
  });

  it('show a meeting with the resolutions it took up as they stood', () => {
    const state = meetingDecider.evolve(null, {
      type: 'MeetingRecorded',
      data: { meetingId: 'm1', collaborativeId: 'uv', heldOn: '2025-03-04', title: 'March board', attendees: ['a', 'b'], resolutionIds: ['r1'], minutesSha256: 'ab'.repeat(32), recordedBy: 'a' },
    }) as MeetingState;
    const taken = [{ id: 'r1', title: 'Resolution r1', status: 'voting', outcome: null }];
    expect(meetingView(state, last, taken)).toEqual({
      id: 'm1',
      collaborativeId: 'uv',
      heldOn: '2025-03-04',
      title: 'March board',
      attendees: ['a', 'b'],
      resolutionIds: ['r1'],
      resolutions: taken,
      minutesSha256: 'ab'.repeat(32),
      recordedBy: 'a',
      lastEvent: last,
    });
  });
});
