/**
 * The settlement of a shared-risk agreement (LEDGER.md, shared-risk agreement), all in bigint minor
 * units:
 *
 * - savings = benchmark − actual cost.
 * - Savings: if savings ≥ minimumSavingsRate × benchmark (compared exactly, the threshold is not
 *   rounded), pool = savings × sharingRate, capped at savingsCap × benchmark; otherwise nothing.
 * - Losses (two_sided only): if −savings ≥ minimumLossRate × benchmark, the parties owe
 *   −savings × lossSharingRate, capped at lossCap × benchmark; the pool is then negative.
 * - Rounding: every product of an amount and a rate is truncated toward zero to whole minor units,
 *   so the ledger never shares or claims a fraction of a cent that was not there.
 * - The pool is split by shareBps with the largest remainder method (ties to the earlier party),
 *   so the parts always add up to the pool exactly; a negative pool is split on its absolute value.
 */
import { allocateByWeights } from '../money/allocation';
import { applyRate, isAtLeastRateOf, type Rate } from '../money/rate';
import { minMoney, money, negateMoney, subtractMoney, zeroMoney, type Money } from '../money/money';

export const RISK_MODELS = ['upside_only', 'two_sided'] as const;
export type RiskModel = (typeof RISK_MODELS)[number];

export interface RiskShare {
  readonly organizationId: string;
  /** Basis points; the shares of an agreement add up to 10 000. */
  readonly shareBps: number;
}

export interface SettlementTerms {
  readonly model: RiskModel;
  /** Expected total cost for the period. */
  readonly benchmark: Money;
  readonly minimumSavingsRate: Rate;
  /** two_sided only. */
  readonly minimumLossRate?: Rate;
  readonly sharingRate: Rate;
  /** two_sided only. */
  readonly lossSharingRate?: Rate;
  /** Percent of the benchmark. */
  readonly savingsCap?: Rate;
  /** Percent of the benchmark; two_sided only. */
  readonly lossCap?: Rate;
  readonly parties: readonly RiskShare[];
}

export interface SettlementPart {
  readonly organizationId: string;
  /** Positive: the party receives; negative: the party owes. */
  readonly amount: Money;
}

export interface Settlement {
  readonly savings: Money;
  readonly pool: Money;
  readonly parts: readonly SettlementPart[];
}

function capped(amount: Money, cap: Rate | undefined, benchmark: Money): Money {
  return cap === undefined ? amount : minMoney(amount, applyRate(benchmark, cap));
}

/** The pool alone: positive when savings are shared, negative when losses are owed, else zero. */
export function settlementPool(terms: SettlementTerms, actualCost: Money): Money {
  const { benchmark } = terms;
  const savings = subtractMoney(benchmark, actualCost);
  if (savings.minor > 0n) {
    if (!isAtLeastRateOf(savings, terms.minimumSavingsRate, benchmark)) return zeroMoney(benchmark.currency);
    return capped(applyRate(savings, terms.sharingRate), terms.savingsCap, benchmark);
  }
  if (savings.minor < 0n && terms.model === 'two_sided') {
    const loss = negateMoney(savings);
    const { minimumLossRate, lossSharingRate } = terms;
    if (!minimumLossRate || !lossSharingRate) throw new RangeError('two_sided terms need minimumLossRate and lossSharingRate');
    if (!isAtLeastRateOf(loss, minimumLossRate, benchmark)) return zeroMoney(benchmark.currency);
    return negateMoney(capped(applyRate(loss, lossSharingRate), terms.lossCap, benchmark));
  }
  return zeroMoney(benchmark.currency);
}

/** Splits a pool among the parties by their shares, exactly (largest remainder). */
export function splitByShares(pool: Money, parties: readonly RiskShare[]): SettlementPart[] {
  const amounts = allocateByWeights(
    pool.minor,
    parties.map((party) => BigInt(party.shareBps)),
  );
  return parties.map((party, i) => ({ organizationId: party.organizationId, amount: money(pool.currency, amounts[i]) }));
}

export function computeSettlement(terms: SettlementTerms, actualCost: Money): Settlement {
  const savings = subtractMoney(terms.benchmark, actualCost);
  const pool = settlementPool(terms, actualCost);
  return { savings, pool, parts: splitByShares(pool, terms.parties) };
}
