/**
 * Resolutions for the read side's specs, folded by the domain's own evolve from the events a
 * resolution's story appends (so a spec states the story, not a state's shape).
 */
import { resolutionDecider, type ResolutionState, type Tally, type VoteChoice } from '@ledger/domain';

export interface ResolutionStory {
  id: string;
  collaborativeId?: string;
  proposedBy: string;
  proposedAt: string;
  votingClosesAt: string;
  electorate: string[];
  /** Recused by the ledger when voting opened. */
  recused?: Array<[organizationId: string, reason: string]>;
  /** Votes in the order cast: [organization, choice, castAt]. */
  votes?: Array<[organizationId: string, choice: VoteChoice, castAt: string]>;
  /** Organizations that recused themselves afterwards. */
  selfRecused?: string[];
  closed?: { outcome: 'adopted' | 'rejected' | 'lapsed'; closedAt: string; tally?: Tally };
  withdrawnBy?: string;
}

const RULE = { decidedBy: 'stewards' as const, quorumPct: '50', thresholdPct: '50', votingDays: 7 };
const ANY_TALLY: Tally = { eligible: 0, for: 0, against: 0, abstain: 0, recused: 0, notVoted: 0, quorumMet: true, thresholdMet: true };

/** The story's domain events, in order. */
export function resolutionEvents(story: ResolutionStory): Array<{ type: string; data: Record<string, unknown> }> {
  const resolutionId = story.id;
  return [
    {
      type: 'ResolutionProposed',
      data: {
        resolutionId,
        collaborativeId: story.collaborativeId ?? 'uv',
        title: `Resolution ${resolutionId}`,
        matter: 'general',
        acts: [],
        proposedBy: story.proposedBy,
        proposedAt: story.proposedAt,
        votingClosesAt: story.votingClosesAt,
        rule: RULE,
        electorate: story.electorate,
        recused: (story.recused ?? []).map(([organizationId, reason]) => ({ organizationId, reason })),
      },
    },
    ...(story.votes ?? []).map(([organizationId, choice, castAt]) => ({ type: 'VoteCast', data: { resolutionId, organizationId, choice, castAt } })),
    ...(story.selfRecused ?? []).map((organizationId) => ({ type: 'RecusalRecorded', data: { resolutionId, organizationId, reason: 'Conflict of interest' } })),
    ...(story.closed
      ? [{ type: 'ResolutionClosed', data: { resolutionId, outcome: story.closed.outcome, tally: story.closed.tally ?? ANY_TALLY, closedBy: story.proposedBy, closedAt: story.closed.closedAt, early: false } }]
      : []),
    ...(story.withdrawnBy ? [{ type: 'ResolutionWithdrawn', data: { resolutionId, reason: 'Superseded', withdrawnBy: story.withdrawnBy } }] : []),
  ];
}

export function resolutionOf(story: ResolutionStory): ResolutionState {
  let state: ResolutionState | null = null;
  for (const event of resolutionEvents(story)) state = resolutionDecider.evolve(state, event as never);
  return state!;
}

/** An event of a story, before it is on a log: when, on which stream, what. */
export interface StoryEvent {
  at: number;
  streamId: string;
  type: string;
  data: Record<string, unknown>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * A small governance story over eleven days from `t0`, in two collaboratives:
 * - uv: stewards a, b and c, member m, observer o; the operator's first charter gives `general` to
 *   the stewards (t0 + 1 s);
 * - r-phase (day 1, by a): change to phase 5; a and b for, c abstains; closed adopted on day 5, its
 *   act appending PathwayPhaseChanged to uv the same instant;
 * - r-policy (day 2, by b): general; a against; voting closes day 9; lapses when closed on day 10;
 * - nv: steward a alone; r-nv (day 2 + 30 min, by a), a for, adopted on day 3;
 * - m-1 (day 6): a meeting of uv that took up r-phase and r-policy;
 * - r-remove (day 7, by c): remove m; withdrawn an hour later.
 */
export function governanceStory(t0: number): StoryEvent[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const rule = { decidedBy: 'stewards', quorumPct: '50', thresholdPct: '50', votingDays: 7 };
  const org = (id: string, at: number): StoryEvent => ({ at, streamId: `organization-${id}`, type: 'OrganizationRegistered', data: { organizationId: id, name: id.toUpperCase(), sector: 'hospital' } });
  const admitted = (collaborativeId: string, organizationId: string, role: string, at: number): StoryEvent => ({
    at,
    streamId: `collaborative-${collaborativeId}`,
    type: 'MemberAdmitted',
    data: { collaborativeId, organizationId, role },
  });
  const proposed = (id: string, collaborativeId: string, at: number, fields: Record<string, unknown>): StoryEvent => ({
    at,
    streamId: `resolution-${id}`,
    type: 'ResolutionProposed',
    data: { resolutionId: id, collaborativeId, title: `Resolution ${id}`, matter: 'general', acts: [], proposedAt: iso(at), votingClosesAt: iso(at + 7 * DAY), rule, recused: [], ...fields },
  });
  const vote = (id: string, organizationId: string, choice: string, at: number): StoryEvent => ({ at, streamId: `resolution-${id}`, type: 'VoteCast', data: { resolutionId: id, organizationId, choice, castAt: iso(at) } });
  const closed = (id: string, outcome: string, tally: Tally, closedBy: string, at: number, early: boolean): StoryEvent => ({
    at,
    streamId: `resolution-${id}`,
    type: 'ResolutionClosed',
    data: { resolutionId: id, outcome, tally, closedBy, closedAt: iso(at), early },
  });
  return [
    ...['a', 'b', 'c', 'm', 'o'].map((id) => org(id, t0)),
    { at: t0, streamId: 'collaborative-uv', type: 'CollaborativeFormed', data: { collaborativeId: 'uv', name: 'Upper Valley', region: 'UV', pathwayPhase: 4, formedAt: iso(t0) } },
    admitted('uv', 'a', 'steward', t0),
    admitted('uv', 'b', 'steward', t0),
    admitted('uv', 'c', 'steward', t0),
    admitted('uv', 'm', 'member', t0),
    admitted('uv', 'o', 'observer', t0),
    { at: t0 + 1000, streamId: 'collaborative-uv', type: 'CharterAdopted', data: { collaborativeId: 'uv', rules: [{ matter: 'general', ...rule }] } },
    { at: t0, streamId: 'collaborative-nv', type: 'CollaborativeFormed', data: { collaborativeId: 'nv', name: 'North Valley', region: 'NV', pathwayPhase: 2, formedAt: iso(t0) } },
    admitted('nv', 'a', 'steward', t0),
    proposed('r-phase', 'uv', t0 + DAY, { title: 'Move to phase 5', matter: 'change_phase', acts: [{ type: 'change_phase', pathwayPhase: 5 }], proposedBy: 'a', electorate: ['a', 'b', 'c'] }),
    proposed('r-policy', 'uv', t0 + 2 * DAY, { title: 'Data-sharing policy', proposedBy: 'b', electorate: ['a', 'b', 'c'] }),
    proposed('r-nv', 'nv', t0 + 2 * DAY + HOUR / 2, { title: 'North Valley policy', proposedBy: 'a', electorate: ['a'] }),
    vote('r-nv', 'a', 'for', t0 + 2 * DAY + HOUR),
    closed('r-nv', 'adopted', { eligible: 1, for: 1, against: 0, abstain: 0, recused: 0, notVoted: 0, quorumMet: true, thresholdMet: true }, 'a', t0 + 3 * DAY, true),
    vote('r-phase', 'a', 'for', t0 + 3 * DAY),
    vote('r-phase', 'b', 'for', t0 + 3 * DAY + HOUR),
    vote('r-policy', 'a', 'against', t0 + 3 * DAY + 2 * HOUR),
    vote('r-phase', 'c', 'abstain', t0 + 4 * DAY),
    closed('r-phase', 'adopted', { eligible: 3, for: 2, against: 0, abstain: 1, recused: 0, notVoted: 0, quorumMet: true, thresholdMet: true }, 'b', t0 + 5 * DAY, true),
    {
      at: t0 + 5 * DAY,
      streamId: 'collaborative-uv',
      type: 'PathwayPhaseChanged',
      data: { collaborativeId: 'uv', pathwayPhase: 5, previousPhase: 4, from: iso(t0 + 5 * DAY), resolutionId: 'r-phase' },
    },
    {
      at: t0 + 6 * DAY,
      streamId: 'meeting-m-1',
      type: 'MeetingRecorded',
      data: { meetingId: 'm-1', collaborativeId: 'uv', heldOn: iso(t0 + 6 * DAY).slice(0, 10), title: 'Board', attendees: ['a', 'b', 'm'], resolutionIds: ['r-phase', 'r-policy'], recordedBy: 'a' },
    },
    proposed('r-remove', 'uv', t0 + 7 * DAY, { title: 'Remove m', matter: 'remove_member', acts: [{ type: 'remove_member', organizationId: 'm', reason: 'Left' }], proposedBy: 'c', electorate: ['a', 'b', 'c'] }),
    { at: t0 + 7 * DAY + HOUR, streamId: 'resolution-r-remove', type: 'ResolutionWithdrawn', data: { resolutionId: 'r-remove', reason: 'm stays', withdrawnBy: 'c' } },
    closed('r-policy', 'lapsed', { eligible: 3, for: 0, against: 1, abstain: 0, recused: 0, notVoted: 2, quorumMet: false, thresholdMet: false }, 'a', t0 + 10 * DAY, false),
  ].sort((x, y) => x.at - y.at);
}
