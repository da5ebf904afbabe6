/**
 * Counts, rates and totals of the scorecard and the summary. Rates are percentages written as
 * decimal strings with two fraction digits ("66.67" is 66.67 %), like every rate in the ledger,
 * computed exactly in integers and rounded half away from zero; never floats.
 */
import { formatAmount, money, resolutionStatus, type CommitmentStatus, type ResolutionState } from '@ledger/domain';

/** Commitment counts by status (LEDGER.md scorecard), for one moment. */
export interface CommitmentCounts {
  /** Every commitment, whatever its status. */
  made: number;
  active: number;
  /** Fully delivered: deliveredOnTime + deliveredLate. */
  delivered: number;
  deliveredOnTime: number;
  deliveredLate: number;
  overdue: number;
  missed: number;
  withdrawn: number;
  disputed: number;
  /**
   * deliveredOnTime / (deliveredOnTime + deliveredLate + partiallyDelivered + missed + overdue):
   * the share delivered on time among the commitments that came due — those whose outcome is known
   * (delivered on time or late, partially delivered, missed) and those past due without delivery.
   * Proposed, declined, withdrawn, active, delivery-claimed and disputed ones are not counted.
   * A percentage string ("66.67"), or null when nothing came due.
   */
  onTimeRate: string | null;
  proposed: number;
  declined: number;
  deliveryClaimed: number;
  partiallyDelivered: number;
}

const FIELD: Record<CommitmentStatus, keyof CommitmentCounts> = {
  proposed: 'proposed',
  declined: 'declined',
  active: 'active',
  overdue: 'overdue',
  delivery_claimed: 'deliveryClaimed',
  disputed: 'disputed',
  delivered: 'deliveredOnTime',
  delivered_late: 'deliveredLate',
  partially_delivered: 'partiallyDelivered',
  missed: 'missed',
  withdrawn: 'withdrawn',
};

/** Counts from (status, number) pairs. */
export function commitmentCounts(byStatus: Iterable<[CommitmentStatus, number]>): CommitmentCounts {
  const counts: CommitmentCounts = {
    made: 0,
    active: 0,
    delivered: 0,
    deliveredOnTime: 0,
    deliveredLate: 0,
    overdue: 0,
    missed: 0,
    withdrawn: 0,
    disputed: 0,
    onTimeRate: null,
    proposed: 0,
    declined: 0,
    deliveryClaimed: 0,
    partiallyDelivered: 0,
  };
  for (const [status, n] of byStatus) {
    (counts[FIELD[status]] as number) += n;
    counts.made += n;
  }
  counts.delivered = counts.deliveredOnTime + counts.deliveredLate;
  const cameDue = counts.deliveredOnTime + counts.deliveredLate + counts.partiallyDelivered + counts.missed + counts.overdue;
  counts.onTimeRate = cameDue === 0 ? null : percent(BigInt(counts.deliveredOnTime), BigInt(cameDue));
  return counts;
}

/** An organization's part in its collaboratives' governance (the scorecard's `governance`), for one moment. */
export interface GovernanceParticipation {
  /**
   * Resolutions whose voting is over (closed as adopted, rejected or lapsed, or awaiting closure)
   * in which the organization could vote: in the electorate and not recused. Resolutions still
   * voting and withdrawn ones are not counted: nobody has yet failed to vote on them.
   */
  eligibleVotes: number;
  /** Of those, the ones it voted on (for, against or abstain: its vote in force when voting ended). */
  votesCast: number;
  /** votesCast / eligibleVotes, a percentage string ("66.67"); null when it was eligible for none. */
  participationRate: string | null;
  /** Resolutions, whatever their status, in which it was recused (by the ledger, as a party, or by itself). */
  recusals: number;
  /** Resolutions it proposed, whatever their status. */
  resolutionsProposed: number;
}

/** The organization's governance figures at `asOf`, from the resolutions it takes part in (as they stood then). */
export function governanceParticipation(organizationId: string, resolutions: readonly ResolutionState[], asOf: string): GovernanceParticipation {
  let eligibleVotes = 0;
  let votesCast = 0;
  let recusals = 0;
  let resolutionsProposed = 0;
  for (const resolution of resolutions) {
    if (resolution.proposedBy === organizationId) resolutionsProposed++;
    if (!resolution.electorate.includes(organizationId)) continue;
    if (resolution.recusals.has(organizationId)) {
      recusals++;
      continue;
    }
    const status = resolutionStatus(resolution, asOf);
    if (status === 'voting' || status === 'withdrawn') continue;
    eligibleVotes++;
    if (resolution.votes.has(organizationId)) votesCast++;
  }
  return {
    eligibleVotes,
    votesCast,
    participationRate: eligibleVotes === 0 ? null : percent(BigInt(votesCast), BigInt(eligibleVotes)),
    recusals,
    resolutionsProposed,
  };
}

/** numerator / denominator × 100, two fraction digits, rounded half away from zero. */
export function percent(numerator: bigint, denominator: bigint): string {
  if (denominator === 0n) throw new RangeError('percent of nothing');
  const negative = numerator < 0n !== denominator < 0n && numerator !== 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const hundredths = (n * 10_000n * 2n + d) / (2n * d);
  const text = hundredths.toString().padStart(3, '0');
  return `${negative && hundredths !== 0n ? '-' : ''}${text.slice(0, -2)}.${text.slice(-2)}`;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** An exact decimal string as an integer and a scale (digits after the point). */
export function parseDecimal(value: string): { units: bigint; scale: number } {
  const match = DECIMAL.exec(value);
  if (!match) throw new RangeError(`not a decimal: ${JSON.stringify(value)}`);
  const [, sign, whole, fraction = ''] = match;
  const units = BigInt(whole + fraction);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

/**
 * The share of the targeted change achieved: (latest − baseline) / (target − baseline), as a
 * percentage string; null when target equals baseline. Negative when the indicator moved away from
 * the target, above 100 when it went beyond it. Polarity needs no special case: for a
 * lower-is-better indicator both differences are negative.
 */
export function shareAchieved(baseline: string, target: string, latest: string): string | null {
  const values = [baseline, target, latest].map(parseDecimal);
  const scale = Math.max(...values.map((v) => v.scale));
  const [b, t, l] = values.map((v) => v.units * 10n ** BigInt(scale - v.scale));
  if (t === b) return null;
  return percent(l - b, t - b);
}

/** Money totals per currency, in minor units, formatted at the end. */
export class MoneyTotals<F extends string> {
  private readonly byCurrency = new Map<string, Record<F, bigint>>();

  constructor(private readonly fields: readonly F[]) {}

  add(currency: string, field: F, minor: bigint): void {
    let totals = this.byCurrency.get(currency);
    if (!totals) {
      totals = Object.fromEntries(this.fields.map((f) => [f, 0n])) as Record<F, bigint>;
      this.byCurrency.set(currency, totals);
    }
    totals[field] += minor;
  }

  /** One entry per currency (alphabetical): `{ currency, <field>: "decimal string", ... }`. */
  list(): Array<{ currency: string } & Record<F, string>> {
    return [...this.byCurrency.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, totals]) => {
        const entry = { currency } as { currency: string } & Record<F, string>;
        for (const field of this.fields) (entry as Record<string, string>)[field] = formatAmount(money(currency, totals[field]));
        return entry;
      });
  }
}
