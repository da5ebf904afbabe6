import fc from 'fast-check';
import { Pledge, pledgeDecider, type PledgeState } from '@ledger/domain';
import { columnsFrom, columnsOf, overdueAt, TABLES } from './tables';

const cents = (n: number) => ({ currency: 'USD', amount: (n / 100).toFixed(2) });
const day = (offset: number) => new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);

function pledgeWith(installments: Array<[number, number]>, disbursed: number[], cancelled: boolean): PledgeState {
  const schedule = installments.map(([offset, amount]) => ({ dueDate: day(offset), amount: cents(amount) }));
  const total = installments.reduce((sum, [, amount]) => sum + amount, 0);
  let state = pledgeDecider.evolve(null, {
    type: 'PledgeMade',
    data: { pledgeId: 'p', collaborativeId: 'uv', funder: 'f', recipient: { organizationId: 'r' }, purpose: 'x', amount: cents(total), binding: true, schedule },
  } as never);
  disbursed.forEach((amount, i) => {
    state = pledgeDecider.evolve(state, {
      type: 'PledgeDisbursementRecorded',
      data: { pledgeId: 'p', disbursementId: `d${i}`, amount: cents(amount), disbursedOn: day(i), reference: 'r' },
    } as never);
  });
  if (cancelled) state = pledgeDecider.evolve(state, { type: 'PledgeCancelled', data: { pledgeId: 'p', reason: 'x', cancelledAmount: cents(1) } } as never);
  return state!;
}

describe('pledge columns', () => {
  it('tabulate overdue amounts exactly as the domain computes them, for every date', () => {
    const stepsAt = columnsOf(TABLES.pledge).findIndex((c) => c.name === 'overdue_steps') - 3;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 100_000 })), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 60_000 }), { maxLength: 4 }),
        fc.boolean(),
        fc.integer({ min: -5, max: 420 }),
        (installments, disbursements, cancelled, asked) => {
          const sorted = [...installments].sort((a, b) => a[0] - b[0]);
          const total = sorted.reduce((sum, [, amount]) => sum + amount, 0);
          // Never more disbursed than pledged (the domain refuses it).
          const paid: number[] = [];
          let sum = 0;
          for (const amount of disbursements) {
            if (sum + amount > total) continue;
            paid.push(amount);
            sum += amount;
          }
          const state = pledgeWith(sorted, paid, cancelled);
          const steps = columnsFrom('pledge', state)[stepsAt] as string | null;
          const date = day(asked);
          const expected = Pledge.overdueInstallments(state, date).reduce((total, i) => total + i.unpaid.minor, 0n);
          expect(steps === null ? 0n : overdueAt(steps, date)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
