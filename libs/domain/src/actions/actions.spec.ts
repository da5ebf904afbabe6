import { evolveAll, type Actor, type DecisionContext } from '../shared/decider';
import { isDomainError } from '../shared/domain-error';
import { commitmentDecider } from '../commitment/decider';
import type { CommitmentEvent } from '../commitment/events';
import type { CommitmentState } from '../commitment/state';
import { pledgeDecider } from '../pledge/decider';
import type { PledgeEvent } from '../pledge/events';
import type { PledgeState } from '../pledge/state';
import { resolutionDecider } from '../resolution/decider';
import type { ResolutionEvent } from '../resolution/events';
import type { ResolutionState } from '../resolution/state';
import { RECORDS, type RecordType } from '../records';
import { CLINIC, FOOD_BANK, HOSPITAL, OBSERVER, OUTSIDER, STEWARD, UPPER_VALLEY, upperValley, withCharter, AUDITOR } from '../testing/fixtures';
import { contextFor, TEST_NOW, TEST_TODAY } from '../testing/context';
import { actionProbes, inboxEntries, INBOX_HORIZON_DAYS, permittedCommands, type ActionProbe, type PermittedCommand } from './index';

const collaborative = upperValley({ [CLINIC]: 'steward' });
const ACTORS: Actor[] = [STEWARD, CLINIC, HOSPITAL, FOOD_BANK, AUDITOR, OBSERVER, OUTSIDER].map((organizationId) => ({ kind: 'organization', organizationId }));
ACTORS.push({ kind: 'operator' });
const caller = (actor: Actor) => ({ actor, now: TEST_NOW, today: TEST_TODAY });

/** The dry run, in the domain alone: each probe decided with the collaborative as its context. */
function permitted(state: unknown, actor: Actor, collab = collaborative): PermittedCommand[] {
  const probes = actionProbes(recordOf(state), state, caller(actor));
  return permittedCommands(probes, probes.map((probe) => accepts(probe, state, actor, collab) === true));
}
function accepts(probe: ActionProbe, state: unknown, actor: Actor, collab: typeof collaborative): true | string {
  // The records the decision reads: the collaborative, and the record itself (what a proposal's act names).
  const type = RECORDS[probe.record] as RecordType;
  const needs = Object.fromEntries(
    type.contextFor(probe.command, probe.creates ? null : state).map((need) => [need.field, need.record === 'collaborative' ? collab : need.id === (state as { id: string }).id ? state : null]),
  );
  const context = { ...contextFor(actor), ...needs, ...probe.assume } as DecisionContext;
  try {
    if (probe.guard) probe.guard(context);
    else type.decider.decide(probe.command, probe.creates ? null : state, context);
    return true;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return `${error.kind}:${error.code}`;
  }
}
function recordOf(state: unknown): 'commitment' | 'pledge' | 'resolution' {
  const s = state as Record<string, unknown>;
  return 'promisor' in s ? 'commitment' : 'funder' in s ? 'pledge' : 'resolution';
}

const commitment = (...events: CommitmentEvent[]) => evolveAll(commitmentDecider, events) as CommitmentState;
const made = (promisee: CommitmentState['promisee'], dueDate = '2025-06-30', promisor = HOSPITAL): CommitmentEvent => ({
  type: 'CommitmentMade',
  data: { commitmentId: 'c-1', collaborativeId: UPPER_VALLEY, promisor, promisee, title: 'Call every patient', dueDate, measure: { indicator: 'calls', unit: '%', target: '90' } },
});
const toFoodBank = made({ organizationId: FOOD_BANK });
const accepted: CommitmentEvent = { type: 'CommitmentAccepted', data: { commitmentId: 'c-1', by: FOOD_BANK } };
const claimed: CommitmentEvent = { type: 'CommitmentDeliveryClaimed', data: { commitmentId: 'c-1', deliveredOn: '2025-02-28' } };
const disputed: CommitmentEvent = { type: 'CommitmentDeliveryDisputed', data: { commitmentId: 'c-1', by: FOOD_BANK, reason: 'Half' } };
const revision: CommitmentEvent = { type: 'CommitmentRevisionProposed', data: { commitmentId: 'c-1', revisionId: 'rev-1', dueDate: '2025-09-30', reason: 'Staff' } };

const commands = (state: unknown, org: string, collab = collaborative) => permitted(state, { kind: 'organization', organizationId: org }, collab).map((p) => p.command);

describe('allowed actions: probes of every command, decided by the records’ own rules', () => {
  it('groups the accepted probes by command and target, with the accepted values of each choice', () => {
    const probe = (type: string, extra: Partial<ActionProbe> = {}): ActionProbe => ({ record: 'collaborative', id: 'c', command: { type, data: {} }, ...extra });
    const probes = [
      probe('AdmitMember', { choice: { field: 'role', value: 'steward' } }),
      probe('AdmitMember', { choice: { field: 'role', value: 'member' } }),
      probe('AdmitMember', { choice: { field: 'role', value: 'observer' } }),
      probe('ReviseSharedGoal', { target: { field: 'goalId', id: 'g-1' } }),
      probe('ReviseSharedGoal', { target: { field: 'goalId', id: 'g-2' } }),
      probe('SetCharter'),
    ];
    expect(permittedCommands(probes, [false, true, true, true, false, false])).toEqual([
      { command: 'AdmitMember', record: 'collaborative', id: 'c', choices: { role: ['member', 'observer'] } },
      { command: 'ReviseSharedGoal', record: 'collaborative', id: 'c', target: { field: 'goalId', id: 'g-1' } },
    ]);
  });

  it('offers each step of a commitment to whom the rules give it, and no one else', () => {
    const proposed = commitment(toFoodBank);
    expect(commands(proposed, FOOD_BANK)).toEqual(['AcceptCommitment', 'DeclineCommitment']);
    expect(commands(proposed, HOSPITAL)).toEqual(['WithdrawCommitment']);
    for (const org of [STEWARD, CLINIC, AUDITOR, OBSERVER, OUTSIDER]) expect(commands(proposed, org)).toEqual([]);
    expect(permitted(proposed, { kind: 'operator' })).toEqual([]);

    const revising = commitment(toFoodBank, accepted, revision);
    expect(permitted(revising, { kind: 'organization', organizationId: FOOD_BANK })).toEqual([
      { command: 'AcceptCommitmentRevision', record: 'commitment', id: 'c-1', target: { field: 'revisionId', id: 'rev-1' } },
    ]);
    expect(commands(revising, HOSPITAL)).toEqual(['ReportCommitmentProgress', 'ProposeCommitmentRevision', 'ClaimCommitmentDelivery', 'WithdrawCommitment']);
    expect(commands(commitment(toFoodBank, accepted, claimed), FOOD_BANK)).toEqual(['ConfirmCommitmentDelivery', 'DisputeCommitmentDelivery']);
  });

  it('never offers a steward what a conflict of interest or the charter refuses it: a resolution instead', () => {
    const own = commitment(made({ collaborativeId: UPPER_VALLEY }, '2025-06-30', STEWARD));
    expect(commands(own, STEWARD)).toEqual(['WithdrawCommitment']);
    expect(commands(own, CLINIC)).toEqual(['AcceptCommitment', 'DeclineCommitment']);

    const dispute = commitment(toFoodBank, accepted, claimed, disputed);
    expect(commands(dispute, STEWARD)).toEqual(['ResolveCommitmentDispute', 'ProposeResolution']);
    const voting = withCharter(collaborative, { adjudicate_dispute: 'stewards' });
    expect(permitted(dispute, { kind: 'organization', organizationId: STEWARD }, voting)).toEqual([
      {
        command: 'ProposeResolution',
        record: 'resolution',
        id: null,
        fixed: { collaborativeId: UPPER_VALLEY, matter: 'adjudicate_dispute', acts: [{ type: 'adjudicate_dispute', commitmentId: 'c-1' }] },
      },
    ]);

    // Missed only once due: the probe's closure waits for the due date, as the rule does.
    expect(commands(commitment(toFoodBank, accepted), STEWARD)).toEqual([]);
    const overdue = commitment(made({ organizationId: FOOD_BANK }, '2025-02-01'), accepted);
    expect(commands(overdue, STEWARD)).toEqual(['CloseCommitmentAsMissed', 'ProposeResolution']);
  });

  it('offers the pledge’s steps to its funder and recipient; a disbursement only while something is outstanding', () => {
    const pledge = (...events: PledgeEvent[]) => evolveAll(pledgeDecider, events) as PledgeState;
    const pledged: PledgeEvent = {
      type: 'PledgeMade',
      data: { pledgeId: 'p-1', collaborativeId: UPPER_VALLEY, funder: HOSPITAL, recipient: { organizationId: FOOD_BANK }, purpose: 'Meals', amount: { currency: 'USD', amount: '100.00' }, binding: true, madeOn: '2025-01-01' },
    };
    expect(commands(pledge(pledged), HOSPITAL)).toEqual(['RecordDisbursement', 'AmendPledge', 'CancelPledge']);
    expect(commands(pledge(pledged), FOOD_BANK)).toEqual(['AcknowledgePledge']);
    const paid: PledgeEvent = { type: 'PledgeDisbursementRecorded', data: { pledgeId: 'p-1', disbursementId: 'd-1', amount: { currency: 'USD', amount: '100.00' }, disbursedOn: '2025-02-01', reference: 'W' } };
    expect(commands(pledge(pledged, paid), HOSPITAL)).toEqual(['AmendPledge']);
    expect(permitted(pledge(pledged, paid), { kind: 'organization', organizationId: FOOD_BANK })).toEqual([
      { command: 'AcknowledgePledge', record: 'pledge', id: 'p-1' },
      { command: 'ConfirmDisbursementReceipt', record: 'pledge', id: 'p-1', target: { field: 'disbursementId', id: 'd-1' } },
    ]);
  });

  it('gives probes bodies no rule about the body refuses: a refusal is always about who, what or when', () => {
    const states = [commitment(toFoodBank), commitment(toFoodBank, accepted, revision), commitment(toFoodBank, accepted, claimed, disputed), commitment(made({ collaborativeId: UPPER_VALLEY }))];
    for (const state of states) {
      for (const actor of ACTORS) {
        for (const probe of actionProbes('commitment', state, caller(actor))) {
          const verdict = accepts(probe, state, actor, collaborative);
          expect({ probe: probe.command.type, verdict }).not.toMatchObject({ verdict: expect.stringMatching(/^invalid:/) });
        }
      }
    }
  });
});

describe('the inbox: what waits on an organization, where it may take the step', () => {
  const allowed = (command: string, target?: { field: string; id: string }): PermittedCommand => ({ command, record: 'commitment', id: 'c-1', ...(target && { target }) });

  it('keeps an item where the first command of its kind is permitted, with the kind’s commands', () => {
    const state = commitment(toFoodBank);
    expect(inboxEntries('commitment', state, FOOD_BANK, [allowed('AcceptCommitment'), allowed('DeclineCommitment')], TEST_NOW)).toEqual([
      {
        kind: 'commitment_to_accept',
        record: 'commitment',
        id: 'c-1',
        collaborativeId: UPPER_VALLEY,
        title: 'Call every patient',
        dueDate: '2025-06-30',
        commands: [allowed('AcceptCommitment'), allowed('DeclineCommitment')],
      },
    ]);
    // Declining alone does not make it wait (accepting is the step).
    expect(inboxEntries('commitment', state, FOOD_BANK, [allowed('DeclineCommitment')], TEST_NOW)).toEqual([]);
  });

  it(`lists the organization's own accepted commitments due within ${INBOX_HORIZON_DAYS} days or overdue`, () => {
    const due = (dueDate: string) => inboxEntries('commitment', commitment(made({ organizationId: FOOD_BANK }, dueDate), accepted), HOSPITAL, [], TEST_NOW);
    expect(due('2025-03-15')).toMatchObject([{ kind: 'commitment_due', dueDate: '2025-03-15', overdue: false }]);
    expect(due('2025-03-16')).toEqual([]);
    expect(due('2025-03-01')).toMatchObject([{ overdue: false }]);
    expect(due('2025-02-28')).toMatchObject([{ overdue: true }]);
    expect(inboxEntries('commitment', commitment(made({ organizationId: FOOD_BANK }, '2025-03-02'), accepted), FOOD_BANK, [], TEST_NOW)).toEqual([]);
  });

  it('lists a resolution to vote on only until the organization has voted', () => {
    const proposed: ResolutionEvent = {
      type: 'ResolutionProposed',
      data: {
        resolutionId: 'r-1',
        collaborativeId: UPPER_VALLEY,
        title: 'Adopt principles',
        matter: 'general',
        acts: [],
        proposedBy: STEWARD,
        proposedAt: '2025-02-28T00:00:00.000Z',
        votingClosesAt: '2025-03-07T00:00:00.000Z',
        rule: { decidedBy: 'stewards', quorumPct: '50', thresholdPct: '50', votingDays: 7 },
        electorate: [CLINIC, STEWARD],
        recused: [],
      },
    };
    const vote: ResolutionEvent = { type: 'VoteCast', data: { resolutionId: 'r-1', organizationId: STEWARD, choice: 'for', castAt: '2025-03-01T00:00:00.000Z' } };
    const cast = { command: 'CastVote', record: 'resolution', id: 'r-1' } as const;
    expect(inboxEntries('resolution', evolveAll(resolutionDecider, [proposed]) as ResolutionState, STEWARD, [cast], TEST_NOW).map((e) => e.kind)).toEqual(['resolution_to_vote']);
    expect(inboxEntries('resolution', evolveAll(resolutionDecider, [proposed, vote]) as ResolutionState, STEWARD, [cast], TEST_NOW)).toEqual([]);
  });
});
