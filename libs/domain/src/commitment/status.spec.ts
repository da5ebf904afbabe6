import { evolveAll } from '../shared/decider';
import { FOOD_BANK, HOSPITAL, STEWARD, UPPER_VALLEY } from '../testing/fixtures';
import { commitmentDecider } from './decider';
import type { CommitmentEvent } from './events';
import type { CommitmentState } from './state';
import { commitmentStatus, isPastDue, type CommitmentStatus } from './status';

const ID = 'c1';
const made: CommitmentEvent = {
  type: 'CommitmentMade',
  data: { commitmentId: ID, collaborativeId: UPPER_VALLEY, promisor: HOSPITAL, promisee: { organizationId: FOOD_BANK }, title: 'T', dueDate: '2025-06-30' },
};
const accepted: CommitmentEvent = { type: 'CommitmentAccepted', data: { commitmentId: ID, by: FOOD_BANK } };
const claimedOn = (deliveredOn: string): CommitmentEvent => ({ type: 'CommitmentDeliveryClaimed', data: { commitmentId: ID, deliveredOn } });
const confirmed: CommitmentEvent = { type: 'CommitmentDeliveryConfirmed', data: { commitmentId: ID, by: FOOD_BANK } };
const disputed: CommitmentEvent = { type: 'CommitmentDeliveryDisputed', data: { commitmentId: ID, by: FOOD_BANK, reason: 'r' } };
const resolved = (outcome: 'delivered' | 'partially_delivered' | 'not_delivered'): CommitmentEvent => ({
  type: 'CommitmentDisputeResolved',
  data: { commitmentId: ID, by: STEWARD, outcome, ...(outcome === 'partially_delivered' && { value: '50' }), rationale: 'r' },
});
const revision = (revisionId: string, dueDate: string): CommitmentEvent => ({
  type: 'CommitmentRevisionProposed',
  data: { commitmentId: ID, revisionId, dueDate, reason: 'r' },
});
const revisionAccepted = (revisionId: string, dueDate: string): CommitmentEvent => ({
  type: 'CommitmentRevisionAccepted',
  data: { commitmentId: ID, revisionId, by: FOOD_BANK, dueDate },
});

const fold = (events: CommitmentEvent[]): CommitmentState => evolveAll(commitmentDecider, events)!;
const statusOf = (events: CommitmentEvent[], asOf: string) => commitmentStatus(fold(events), asOf);

describe('commitmentStatus', () => {
  it('is active through the whole due date (UTC) and overdue from the next day', () => {
    const open = [made, accepted];
    expect(statusOf(open, '2025-03-01T12:00:00Z')).toBe('active');
    expect(statusOf(open, '2025-06-30T00:00:00Z')).toBe('active');
    expect(statusOf(open, '2025-06-30T23:59:59.999Z')).toBe('active');
    expect(statusOf(open, '2025-07-01T00:00:00Z')).toBe('overdue');
    expect(statusOf(open, '2026-01-01T00:00:00Z')).toBe('overdue');
  });

  it('reads asOf in UTC whatever its offset', () => {
    expect(isPastDue('2025-06-30', '2025-06-30T20:00:00-05:00')).toBe(true);
    expect(isPastDue('2025-06-30', '2025-07-01T01:00:00+02:00')).toBe(false);
  });

  it('a proposal is never overdue: it was not agreed', () => {
    expect(statusOf([made], '2025-08-01T00:00:00Z')).toBe('proposed');
  });

  it('delivered on time is judged by the claimed delivery date, not the confirmation date', () => {
    // Delivered on the due date, confirmed weeks later: still on time.
    expect(statusOf([made, accepted, claimedOn('2025-06-30'), confirmed], '2025-08-01T00:00:00Z')).toBe('delivered');
    expect(statusOf([made, accepted, claimedOn('2025-07-01'), confirmed], '2025-08-01T00:00:00Z')).toBe('delivered_late');
  });

  it('a claim waiting for the promisee is delivery_claimed, even past due', () => {
    expect(statusOf([made, accepted, claimedOn('2025-07-05')], '2025-08-01T00:00:00Z')).toBe('delivery_claimed');
    expect(statusOf([made, accepted, claimedOn('2025-07-05'), disputed], '2025-08-01T00:00:00Z')).toBe('disputed');
  });

  it('a resolved dispute takes the steward’s outcome', () => {
    const asOf = '2025-08-01T00:00:00Z';
    const base = [made, accepted, claimedOn('2025-06-15'), disputed];
    expect(statusOf([...base, resolved('delivered')], asOf)).toBe('delivered');
    expect(statusOf([made, accepted, claimedOn('2025-07-15'), disputed, resolved('delivered')], asOf)).toBe('delivered_late');
    expect(statusOf([...base, resolved('partially_delivered')], asOf)).toBe('partially_delivered');
    expect(statusOf([...base, resolved('not_delivered')], asOf)).toBe('missed');
  });

  it('ended commitments keep their end', () => {
    const asOf = '2025-08-01T00:00:00Z';
    expect(statusOf([made, { type: 'CommitmentDeclined', data: { commitmentId: ID, by: FOOD_BANK, reason: 'r' } }], asOf)).toBe('declined');
    expect(statusOf([made, accepted, { type: 'CommitmentWithdrawn', data: { commitmentId: ID, reason: 'r' } }], asOf)).toBe('withdrawn');
    expect(statusOf([made, accepted, { type: 'CommitmentClosedAsMissed', data: { commitmentId: ID, by: STEWARD, rationale: 'r' } }], asOf)).toBe('missed');
  });

  it('a revision moves the due date only once the promisee accepts it', () => {
    const asOf = '2025-08-01T00:00:00Z';
    const pending = [made, accepted, revision('r1', '2025-09-30')];
    expect(statusOf(pending, asOf)).toBe('overdue');
    const revised = [...pending, revisionAccepted('r1', '2025-09-30')];
    expect(statusOf(revised, asOf)).toBe('active');
    expect(statusOf(revised, '2025-10-01T00:00:00Z')).toBe('overdue');
    // Delivered after the original due date but before the revised one: on time.
    expect(statusOf([...revised, claimedOn('2025-08-15'), confirmed], '2025-10-01T00:00:00Z')).toBe('delivered');
    expect(fold(revised)).toMatchObject({ dueDate: '2025-09-30', originalDueDate: '2025-06-30' });
  });

  it('follows a commitment through time as the read side folds events recorded up to asOf', () => {
    const history: Array<[recordedAt: string, event: CommitmentEvent]> = [
      ['2025-01-10T09:00:00Z', made],
      ['2025-01-12T09:00:00Z', accepted],
      ['2025-06-20T09:00:00Z', revision('r1', '2025-08-31')],
      ['2025-07-03T09:00:00Z', revisionAccepted('r1', '2025-08-31')],
      ['2025-09-05T09:00:00Z', claimedOn('2025-09-02')],
      ['2025-09-10T09:00:00Z', confirmed],
    ];
    const statusAt = (asOf: string): CommitmentStatus =>
      commitmentStatus(fold(history.filter(([recordedAt]) => recordedAt <= asOf).map(([, event]) => event)), asOf);

    expect(statusAt('2025-01-11T00:00:00Z')).toBe('proposed');
    expect(statusAt('2025-03-01T00:00:00Z')).toBe('active');
    expect(statusAt('2025-06-25T00:00:00Z')).toBe('active');
    expect(statusAt('2025-07-02T00:00:00Z')).toBe('overdue'); // revision proposed, not yet accepted
    expect(statusAt('2025-07-04T00:00:00Z')).toBe('active'); // revised due date in force
    expect(statusAt('2025-09-01T00:00:00Z')).toBe('overdue');
    expect(statusAt('2025-09-06T00:00:00Z')).toBe('delivery_claimed');
    expect(statusAt('2025-09-11T00:00:00Z')).toBe('delivered_late'); // delivered 2025-09-02 > 2025-08-31
  });
});
