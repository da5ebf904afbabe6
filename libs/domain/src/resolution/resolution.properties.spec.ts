/**
 * Driven through the decider: random electorates (stewards, and members where they vote), random
 * votes with changes, recusals and votes by organizations that may not vote. Each command is
 * accepted or refused as an independent model says, and the tally and outcome at closure are those
 * recounted from the model with rational arithmetic (shares by long division, rounded half-up).
 */
import fc from 'fast-check';
import { contextFor } from '../testing/context';
import { evolveAll } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { collaborativeDecider } from '../collaborative/decider';
import type { CollaborativeEvent } from '../collaborative/events';
import { VOTE_CHOICES, type VoteChoice } from '../governance/tally';
import { resolutionDecider } from './decider';
import type { ResolutionCommand } from './commands';
import type { ResolutionEvent } from './events';

const C = 'upper-valley';
const NOW = '2025-03-01T12:00:00.000Z';

function roundedHundredths(part: number, whole: number): bigint {
  const [p, w] = [BigInt(part), BigInt(whole)];
  const quotient = (10_000n * p) / w;
  return (10_000n * p) % w * 2n >= w ? quotient + 1n : quotient;
}

const percentText = (hundredths: number) => {
  const fraction = String(hundredths % 100).padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${Math.floor(hundredths / 100)}.${fraction}` : String(Math.floor(hundredths / 100));
};

const scenario = fc.record({
  stewards: fc.integer({ min: 1, max: 7 }),
  members: fc.integer({ min: 0, max: 5 }),
  decidedBy: fc.constantFrom('stewards', 'members'),
  quorum: fc.integer({ min: 0, max: 10_000 }),
  threshold: fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom<number | 'consensus'>(5000, 6667, 'consensus')),
  actions: fc.array(
    fc.record({ kind: fc.constantFrom('vote', 'vote', 'vote', 'recuse'), who: fc.integer({ min: 0, max: 13 }), choice: fc.constantFrom(...VOTE_CHOICES) }),
    { maxLength: 40 },
  ),
});

describe('resolution properties', () => {
  it('accepts exactly the votes and recusals the rules allow, and closes on the recounted tally and outcome', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const stewards = Array.from({ length: s.stewards }, (_, i) => `steward-${i}`);
        const members = Array.from({ length: s.members }, (_, i) => `member-${i}`);
        // Everyone who might try to act: stewards, members, an auditor, an outsider.
        const everyone = [...stewards, ...members, 'the-auditor', 'an-outsider'];
        const rule = { matter: 'general' as const, decidedBy: s.decidedBy, quorumPct: percentText(s.quorum), thresholdPct: s.threshold === 'consensus' ? 'consensus' : percentText(s.threshold), votingDays: 7 };
        const collaborative = evolveAll(collaborativeDecider, [
          { type: 'CollaborativeFormed', data: { collaborativeId: C, name: 'U', region: 'R', pathwayPhase: 5 } },
          ...[...stewards.map((id) => [id, 'steward'] as const), ...members.map((id) => [id, 'member'] as const), ['the-auditor', 'auditor'] as const].map(
            ([organizationId, role]): CollaborativeEvent => ({ type: 'MemberAdmitted', data: { collaborativeId: C, organizationId, role } }),
          ),
          { type: 'CharterAdopted', data: { collaborativeId: C, rules: [rule] } },
        ])!;
        const as = (organizationId: string, now = NOW) => contextFor({ kind: 'organization', organizationId }, { collaborative, now });

        const stream: ResolutionEvent[] = [];
        const run = (command: ResolutionCommand, ctx: ReturnType<typeof as>): ResolutionEvent[] | DomainError => {
          try {
            const events = resolutionDecider.decide(command, evolveAll(resolutionDecider, stream), ctx);
            stream.push(...events);
            return events;
          } catch (error) {
            if (error instanceof DomainError) return error;
            throw error;
          }
        };
        const proposal = run({ type: 'ProposeResolution', data: { id: 'r-1', collaborativeId: C, title: 'Policy', matter: 'general' } }, as(stewards[0]));
        expect(proposal).not.toBeInstanceOf(DomainError);

        // The model.
        const electorate = new Set(s.decidedBy === 'members' ? [...stewards, ...members] : stewards);
        const votes = new Map<string, VoteChoice>();
        const recused = new Set<string>();
        for (const action of s.actions) {
          const who = everyone[action.who % everyone.length];
          const mayAct = electorate.has(who) && !recused.has(who);
          if (action.kind === 'vote') {
            const result = run({ type: 'CastVote', data: { choice: action.choice } }, as(who));
            if (!mayAct) expect(result).toBeInstanceOf(DomainError);
            else {
              expect(result).toHaveLength(votes.get(who) === action.choice ? 0 : 1);
              votes.set(who, action.choice);
            }
          } else {
            const result = run({ type: 'RecuseFromResolution', data: { reason: 'a conflict' } }, as(who));
            const leavesSomeone = electorate.size - recused.size > 1;
            if (!mayAct || !leavesSomeone) expect(result).toBeInstanceOf(DomainError);
            else {
              expect(result).toHaveLength(1);
              recused.add(who);
              votes.delete(who);
            }
          }
        }

        const closed = run({ type: 'CloseResolution', data: {} }, as(stewards[0], '2025-03-08T12:00:00.000Z'));
        if (closed instanceof DomainError) throw closed;
        const counted = [...votes.values()];
        const [inFavour, against, abstain] = VOTE_CHOICES.map((c) => counted.filter((choice) => choice === c).length);
        const eligible = electorate.size - recused.size;
        const quorumMet = eligible > 0 && roundedHundredths(inFavour + against + abstain, eligible) >= BigInt(s.quorum);
        const thresholdMet =
          s.threshold === 'consensus'
            ? against === 0 && inFavour > 0
            : inFavour + against > 0 && inFavour !== against && roundedHundredths(inFavour, inFavour + against) >= BigInt(s.threshold);
        expect(closed).toEqual([
          {
            type: 'ResolutionClosed',
            data: {
              resolutionId: 'r-1',
              outcome: !quorumMet ? 'lapsed' : thresholdMet ? 'adopted' : 'rejected',
              tally: { eligible, for: inFavour, against, abstain, recused: recused.size, notVoted: eligible - counted.length, quorumMet, thresholdMet },
              closedBy: stewards[0],
              closedAt: '2025-03-08T12:00:00.000Z',
              early: false,
            },
          },
        ]);
      }),
      { numRuns: 500 },
    );
  });
});
