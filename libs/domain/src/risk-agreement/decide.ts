import type { DecisionContext } from '../shared/decider';
import { ConflictError, ForbiddenError, InvalidCommandError, NotFoundError, RuleViolation } from '../shared/domain-error';
import { requireSignatory } from '../shared/signatory';
import {
  LONG_TEXT,
  RISK_AGREEMENT_PARTIES,
  SHARE_BPS,
  TOTAL_BPS,
  optionalText,
  requireDate,
  requireInteger,
  requireList,
  requireObject,
  requireOneOf,
  requirePastOrToday,
  requireRecordId,
  requireText,
} from '../shared/validation';
import { addMoney, compareMoney, formatAmount, formatMoney, parseMoney, parsePositiveMoney } from '../money/money';
import { optionalRate, parseRate } from '../money/rate';
import { isStewardActor, refuseConflictOfInterest, requireCollaborative, requireMatterAuthority, requireParticipant } from '../collaborative/access';
import { isParticipant, type CollaborativeState } from '../collaborative/state';
import type { ProposeRiskAgreement, RecordPeriodResult, RecordSettlementPayment, RiskAgreementCommand, SignRiskAgreement } from './commands';
import type { RiskAgreementEvent } from './events';
import { RISK_MODELS, computeSettlement, type RiskShare } from './settlement';
import { isRiskParty, paidTotal, type RiskAgreementState } from './state';

export interface RiskAgreementContext extends DecisionContext {
  /** The agreement's collaborative (current state), null if it does not exist. */
  readonly collaborative: CollaborativeState | null;
}

/** Which collaborative the application layer must load into the context for this command. */
export function collaborativeIdFor(command: RiskAgreementCommand, state: RiskAgreementState | null): string | null {
  return state?.collaborativeId ?? (command.type === 'ProposeRiskAgreement' ? command.data.collaborativeId : null);
}

export function decide(command: RiskAgreementCommand, state: RiskAgreementState | null, context: RiskAgreementContext): RiskAgreementEvent[] {
  if (command.type === 'ProposeRiskAgreement') return propose(command, state, context);
  if (state === null) throw new NotFoundError('risk_agreement_not_found', 'there is no shared-risk agreement with this id');
  const collaborative = requireCollaborative(context.collaborative, state.collaborativeId);
  switch (command.type) {
    case 'SignRiskAgreement':
      return sign(command, state, collaborative, context);
    case 'RecordPeriodResult':
      return recordResult(command, state, collaborative, context);
    case 'RecordSettlementPayment':
      return recordPayment(command, state, collaborative, context);
  }
}

function parseParties(value: unknown): RiskShare[] {
  const parties = requireList(value, 'parties', RISK_AGREEMENT_PARTIES.min, RISK_AGREEMENT_PARTIES.max).map((entry, i) => {
    const party = requireObject(entry, `parties[${i}]`);
    return {
      organizationId: requireRecordId(party.organizationId, `parties[${i}].organizationId`),
      shareBps: requireInteger(party.shareBps, SHARE_BPS.min, SHARE_BPS.max, `parties[${i}].shareBps`),
    };
  });
  const ids = parties.map((p) => p.organizationId);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new InvalidCommandError('duplicate_party', `${duplicate} is listed more than once in parties`, 'parties');
  const total = parties.reduce((sum, p) => sum + p.shareBps, 0);
  if (total !== TOTAL_BPS) {
    throw new InvalidCommandError('shares_do_not_sum', `the parties' shares add up to ${total} basis points; they must add up to exactly ${TOTAL_BPS}`, 'parties');
  }
  return parties;
}

function propose(command: ProposeRiskAgreement, state: RiskAgreementState | null, context: RiskAgreementContext): RiskAgreementEvent[] {
  if (state !== null) throw new ConflictError('risk_agreement_already_exists', `shared-risk agreement ${state.id} already exists`);
  const data = command.data;
  const agreementId = requireRecordId(data.id, 'id');
  const collaborativeId = requireRecordId(data.collaborativeId, 'collaborativeId');
  const title = requireText(data.title, 'title');
  const scope = optionalText(data.scope, 'scope', LONG_TEXT);
  const periodInput = requireObject(data.period, 'period');
  const period = { start: requireDate(periodInput.start, 'period.start'), end: requireDate(periodInput.end, 'period.end') };
  if (period.end < period.start) throw new InvalidCommandError('end_before_start', `period.end ${period.end} is before period.start ${period.start}`, 'period.end');
  const model = requireOneOf(data.model, RISK_MODELS, 'model');
  const benchmark = parsePositiveMoney(data.benchmark, 'benchmark');
  const minimumSavingsRate = parseRate(data.minimumSavingsRate, 'minimumSavingsRate');
  const sharingRate = parseRate(data.sharingRate, 'sharingRate');
  const savingsCap = optionalRate(data.savingsCap, 'savingsCap');
  const lossTerms = { minimumLossRate: data.minimumLossRate, lossSharingRate: data.lossSharingRate, lossCap: data.lossCap };
  for (const [field, value] of Object.entries(lossTerms)) {
    const given = value !== undefined && value !== null;
    if (model === 'upside_only' && given) {
      throw new InvalidCommandError('loss_terms_not_applicable', `${field} applies to two_sided agreements only; leave it out of an upside_only one`, field);
    }
    if (model === 'two_sided' && !given && field !== 'lossCap') {
      throw new InvalidCommandError('required', `${field} is required for a two_sided agreement`, field);
    }
  }
  const minimumLossRate = optionalRate(data.minimumLossRate, 'minimumLossRate');
  const lossSharingRate = optionalRate(data.lossSharingRate, 'lossSharingRate');
  const lossCap = optionalRate(data.lossCap, 'lossCap');
  const parties = parseParties(data.parties);

  const collaborative = requireCollaborative(context.collaborative, collaborativeId);
  // Proposed by one of the parties (for itself) or by a steward (for the collaborative).
  if (!isStewardActor(collaborative, context.actor)) {
    const proposer = requireParticipant(collaborative, context.actor, 'propose shared-risk agreements');
    if (!parties.some((p) => p.organizationId === proposer)) {
      throw new ForbiddenError('not_a_party', `${proposer} can only propose an agreement it is a party to, unless it is a steward`);
    }
  }
  const outsider = parties.find((p) => !isParticipant(collaborative, p.organizationId));
  if (outsider) {
    throw new RuleViolation('party_not_member', `${outsider.organizationId} is not a current member or steward of ${collaborativeId}, so it cannot be a party`);
  }
  return [
    {
      type: 'RiskAgreementProposed',
      data: {
        agreementId,
        collaborativeId,
        title,
        ...(scope !== undefined && { scope }),
        period,
        model,
        benchmark: formatMoney(benchmark),
        minimumSavingsRate: minimumSavingsRate.percent,
        ...(minimumLossRate && { minimumLossRate: minimumLossRate.percent }),
        sharingRate: sharingRate.percent,
        ...(lossSharingRate && { lossSharingRate: lossSharingRate.percent }),
        ...(savingsCap && { savingsCap: savingsCap.percent }),
        ...(lossCap && { lossCap: lossCap.percent }),
        parties,
      },
    },
  ];
}

function sign(command: SignRiskAgreement, state: RiskAgreementState, collaborative: CollaborativeState, context: RiskAgreementContext): RiskAgreementEvent[] {
  const signatory = requireSignatory(command.data.signatory);
  const signer = requireParticipant(collaborative, context.actor, 'sign shared-risk agreements');
  if (!isRiskParty(state, signer)) throw new ForbiddenError('not_a_party', `${signer} is not a party to agreement ${state.id}`);
  if (state.signatures.has(signer)) throw new RuleViolation('already_signed', `${signer} has already signed agreement ${state.id}`);
  const events: RiskAgreementEvent[] = [{ type: 'RiskAgreementSigned', data: { agreementId: state.id, organizationId: signer, signatory } }];
  // The last signature puts the agreement in effect; the ledger records that itself.
  if (state.terms.parties.every((p) => p.organizationId === signer || state.signatures.has(p.organizationId))) {
    events.push({ type: 'RiskAgreementTookEffect', data: { agreementId: state.id, period: state.period } });
  }
  return events;
}

function recordResult(command: RecordPeriodResult, state: RiskAgreementState, collaborative: CollaborativeState, context: RiskAgreementContext): RiskAgreementEvent[] {
  const periodEnd = requirePastOrToday(requireDate(command.data.periodEnd, 'periodEnd'), context.today, 'periodEnd');
  const actualCost = parseMoney(command.data.actualCost, 'actualCost');
  if (actualCost.minor < 0n) throw new InvalidCommandError('negative_cost', 'actualCost cannot be negative', 'actualCost.amount');
  const authority = requireMatterAuthority(collaborative, context.actor, 'record_risk_result', 'record period results');
  refuseConflictOfInterest(authority, state.terms.parties.map((p) => p.organizationId), `is a party to agreement ${state.id}`);
  const { by, resolutionId } = authority;
  if (state.status !== 'in_effect') {
    throw new RuleViolation('agreement_not_in_effect', `agreement ${state.id} has not taken effect; every party must sign first`);
  }
  if (state.result) {
    throw new RuleViolation('result_already_recorded', `the result of agreement ${state.id} was already recorded for the period ending ${state.result.periodEnd}`);
  }
  if (periodEnd !== state.period.end) {
    throw new RuleViolation('period_end_mismatch', `agreement ${state.id}'s performance period ends on ${state.period.end}, not ${periodEnd}`);
  }
  const benchmark = state.terms.benchmark;
  if (actualCost.currency !== benchmark.currency) {
    throw new RuleViolation('currency_mismatch', `agreement ${state.id} is in ${benchmark.currency}; the actual cost must be too, not ${actualCost.currency}`);
  }
  const settlement = computeSettlement(state.terms, actualCost);
  return [
    { type: 'PeriodResultRecorded', data: { agreementId: state.id, by, periodEnd, actualCost: formatMoney(actualCost), ...(resolutionId !== undefined && { resolutionId }) } },
    {
      type: 'SettlementDetermined',
      data: {
        agreementId: state.id,
        settlementId: context.ids.next(),
        periodEnd,
        savings: formatMoney(settlement.savings),
        pool: formatMoney(settlement.pool),
        parts: settlement.parts.map((part) => ({ organizationId: part.organizationId, amount: formatMoney(part.amount) })),
      },
    },
  ];
}

function recordPayment(command: RecordSettlementPayment, state: RiskAgreementState, collaborative: CollaborativeState, context: RiskAgreementContext): RiskAgreementEvent[] {
  const data = command.data;
  const settlementId = requireText(data.settlementId, 'settlementId', 100);
  const fromOrganizationId = requireRecordId(data.fromOrganizationId, 'fromOrganizationId');
  const toOrganizationId = data.toOrganizationId === undefined || data.toOrganizationId === null ? undefined : requireRecordId(data.toOrganizationId, 'toOrganizationId');
  if (toOrganizationId === fromOrganizationId) {
    throw new InvalidCommandError('payment_to_self', 'fromOrganizationId and toOrganizationId must differ', 'toOrganizationId');
  }
  const amount = parsePositiveMoney(data.amount, 'amount');
  const paidOn = requirePastOrToday(requireDate(data.paidOn, 'paidOn'), context.today, 'paidOn');

  // A steward records any payment; a party only one it makes or receives itself.
  if (!isStewardActor(collaborative, context.actor)) {
    const actor = requireParticipant(collaborative, context.actor, 'record settlement payments');
    if (!isRiskParty(state, actor)) throw new ForbiddenError('not_a_party', `${actor} is not a party to agreement ${state.id}`);
    if (actor !== fromOrganizationId && actor !== toOrganizationId) {
      throw new ForbiddenError('not_payer_or_payee', `${actor} can only record payments it makes or receives`);
    }
  }
  const settlement = state.settlements.find((s) => s.settlementId === settlementId);
  if (!settlement) throw new NotFoundError('settlement_not_found', `agreement ${state.id} has no settlement ${settlementId}`);
  if (amount.currency !== settlement.pool.currency) {
    throw new RuleViolation('payment_currency_mismatch', `settlement ${settlementId} is in ${settlement.pool.currency}, not ${amount.currency}`);
  }
  const owed = settlement.pool.minor < 0n ? -settlement.pool.minor : settlement.pool.minor;
  if (owed === 0n) throw new RuleViolation('nothing_to_settle', `settlement ${settlementId} has an empty pool; nothing is owed`);
  const paid = addMoney(paidTotal(settlement), amount);
  if (compareMoney(paid, { currency: amount.currency, minor: owed }) > 0) {
    const remaining = { currency: amount.currency, minor: owed - paidTotal(settlement).minor };
    throw new RuleViolation(
      'payment_exceeds_settlement',
      `only ${formatAmount(remaining)} ${amount.currency} of settlement ${settlementId} remains unpaid; ${formatAmount(amount)} is more than that`,
    );
  }
  return [
    {
      type: 'SettlementPaymentRecorded',
      data: {
        agreementId: state.id,
        settlementId,
        paymentId: context.ids.next(),
        fromOrganizationId,
        ...(toOrganizationId !== undefined && { toOrganizationId }),
        amount: formatMoney(amount),
        paidOn,
      },
    },
  ];
}
