import { actingOrganizationId, type DecisionContext } from '../shared/decider';
import { ConflictError, ForbiddenError, InvalidCommandError, NotFoundError, RuleViolation } from '../shared/domain-error';
import {
  AMENDED_INSTALLMENTS,
  INSTALLMENTS,
  LONG_TEXT,
  optionalDate,
  optionalText,
  requireBoolean,
  requireDate,
  requireList,
  requireObject,
  requireOrganizationOrCollaborative,
  requirePastOrToday,
  requireRecordId,
  requireText,
} from '../shared/validation';
import { compareMoney, formatAmount, formatMoney, parsePositiveMoney, sumMoney, type Money } from '../money/money';
import { refuseConflictOfInterest, requireActingFor, requireCollaborative, requireParticipant } from '../collaborative/access';
import { isParticipant, type CollaborativeState } from '../collaborative/state';
import type {
  AmendPledge,
  CancelPledge,
  ConfirmDisbursementReceipt,
  InstallmentInput,
  MakePledge,
  PledgeCommand,
  RecordDisbursement,
} from './commands';
import type { PledgeEvent } from './events';
import { disbursedTotal, outstandingAmount } from './figures';
import type { PledgeState } from './state';

export interface PledgeContext extends DecisionContext {
  /** The pledge's collaborative (current state), null if it does not exist. */
  readonly collaborative: CollaborativeState | null;
}

/** Which collaborative the application layer must load into the context for this command. */
export function collaborativeIdFor(command: PledgeCommand, state: PledgeState | null): string | null {
  return state?.collaborativeId ?? (command.type === 'MakePledge' ? command.data.collaborativeId : null);
}

export function decide(command: PledgeCommand, state: PledgeState | null, context: PledgeContext): PledgeEvent[] {
  if (command.type === 'MakePledge') return make(command, state, context);
  if (state === null) throw new NotFoundError('pledge_not_found', 'there is no pledge with this id');
  const collaborative = requireCollaborative(context.collaborative, state.collaborativeId);
  switch (command.type) {
    case 'AcknowledgePledge': {
      const by = requireRecipient(state, collaborative, context, 'acknowledge the pledge');
      requireNotCancelled(state);
      if (state.acknowledgedBy !== undefined) throw new RuleViolation('already_acknowledged', `pledge ${state.id} was already acknowledged`);
      return [{ type: 'PledgeAcknowledged', data: { pledgeId: state.id, by } }];
    }
    case 'RecordDisbursement':
      return disburse(command, state, collaborative, context);
    case 'ConfirmDisbursementReceipt':
      return confirmReceipt(command, state, collaborative, context);
    case 'AmendPledge':
      return amend(command, state, collaborative, context);
    case 'CancelPledge':
      return cancel(command, state, context);
  }
}

/**
 * The recipient organization for itself; for a pledge to the collaborative, any steward but the
 * funder (it would confirm its own giving).
 */
function requireRecipient(state: PledgeState, collaborative: CollaborativeState, context: PledgeContext, doing: string): string {
  const by = requireActingFor(state.recipient, collaborative, context.actor, doing, 'not_the_recipient');
  refuseConflictOfInterest(by, [state.funder], `is the funder of pledge ${state.id}`);
  return by;
}

function requireNotCancelled(state: PledgeState): void {
  if (state.cancellation) throw new RuleViolation('pledge_cancelled', `pledge ${state.id} was cancelled`);
}

function requireFunder(state: PledgeState, collaborative: CollaborativeState, context: PledgeContext, doing: string): void {
  const actor = requireParticipant(collaborative, context.actor, doing);
  if (actor !== state.funder) throw new ForbiddenError('not_the_funder', `only the funder ${state.funder} can ${doing}`);
}

/** Installments in due-date order; each in the pledge's currency, together exactly the amount. */
function parseSchedule(value: unknown, total: Money, min: number): InstallmentInput[] {
  const installments = requireList(value, 'schedule', min, INSTALLMENTS.max).map((entry, i) => {
    const installment = requireObject(entry, `schedule[${i}]`);
    const amount = parsePositiveMoney(installment.amount, `schedule[${i}].amount`);
    if (amount.currency !== total.currency) {
      throw new InvalidCommandError('schedule_currency_mismatch', `schedule[${i}] is in ${amount.currency}; the pledge is in ${total.currency}`, `schedule[${i}].amount.currency`);
    }
    return { dueDate: requireDate(installment.dueDate, `schedule[${i}].dueDate`), amount };
  });
  const scheduled = sumMoney(total.currency, installments.map((i) => i.amount));
  if (installments.length > 0 && compareMoney(scheduled, total) !== 0) {
    throw new InvalidCommandError(
      'schedule_total_mismatch',
      `the installments add up to ${formatAmount(scheduled)} ${total.currency}, but the pledge is ${formatAmount(total)} ${total.currency}`,
      'schedule',
    );
  }
  return installments
    .map((installment, index) => ({ installment, index }))
    .sort((a, b) => (a.installment.dueDate === b.installment.dueDate ? a.index - b.index : a.installment.dueDate < b.installment.dueDate ? -1 : 1))
    .map(({ installment }) => ({ dueDate: installment.dueDate, amount: formatMoney(installment.amount) }));
}

function make(command: MakePledge, state: PledgeState | null, context: PledgeContext): PledgeEvent[] {
  if (state !== null) throw new ConflictError('pledge_already_exists', `pledge ${state.id} already exists`);
  const data = command.data;
  const pledgeId = requireRecordId(data.id, 'id');
  const collaborativeId = requireRecordId(data.collaborativeId, 'collaborativeId');
  const recipient = requireOrganizationOrCollaborative(data.recipient, 'recipient');
  const purpose = requireText(data.purpose, 'purpose', LONG_TEXT);
  const amount = parsePositiveMoney(data.amount, 'amount');
  const binding = requireBoolean(data.binding, 'binding');
  const schedule = data.schedule === undefined || data.schedule === null ? undefined : parseSchedule(data.schedule, amount, INSTALLMENTS.min);
  const conditions = optionalText(data.conditions, 'conditions', LONG_TEXT);
  const madeOn = requirePastOrToday(optionalDate(data.madeOn, 'madeOn') ?? context.today, context.today, 'madeOn');
  if ('collaborativeId' in recipient && recipient.collaborativeId !== collaborativeId) {
    throw new InvalidCommandError('recipient_other_collaborative', `a pledge in ${collaborativeId} can only be made to that collaborative, not ${recipient.collaborativeId}`, 'recipient.collaborativeId');
  }

  const collaborative = requireCollaborative(context.collaborative, collaborativeId);
  const funder = requireParticipant(collaborative, context.actor, 'pledge funds');
  if ('organizationId' in recipient) {
    if (recipient.organizationId === funder) throw new RuleViolation('pledge_to_self', `${funder} cannot pledge funds to itself`);
    if (!isParticipant(collaborative, recipient.organizationId)) {
      throw new RuleViolation('recipient_not_member', `${recipient.organizationId} is not a current member or steward of ${collaborativeId}`);
    }
  }
  return [
    {
      type: 'PledgeMade',
      data: {
        pledgeId,
        collaborativeId,
        funder,
        recipient,
        purpose,
        amount: formatMoney(amount),
        binding,
        ...(schedule !== undefined && { schedule }),
        ...(conditions !== undefined && { conditions }),
        madeOn,
      },
    },
  ];
}

function disburse(command: RecordDisbursement, state: PledgeState, collaborative: CollaborativeState, context: PledgeContext): PledgeEvent[] {
  const amount = parsePositiveMoney(command.data.amount, 'amount');
  const disbursedOn = requirePastOrToday(requireDate(command.data.disbursedOn, 'disbursedOn'), context.today, 'disbursedOn');
  const reference = requireText(command.data.reference, 'reference');
  requireFunder(state, collaborative, context, 'record disbursements');
  requireNotCancelled(state);
  if (state.madeOn !== undefined && disbursedOn < state.madeOn) {
    throw new InvalidCommandError('disbursed_before_pledge', `disbursedOn ${disbursedOn} is before pledge ${state.id} was made (${state.madeOn})`, 'disbursedOn');
  }
  if (amount.currency !== state.amount.currency) {
    throw new RuleViolation('disbursement_currency_mismatch', `pledge ${state.id} is in ${state.amount.currency}; a disbursement in ${amount.currency} cannot count toward it`);
  }
  const outstanding = outstandingAmount(state);
  if (compareMoney(amount, outstanding) > 0) {
    throw new RuleViolation(
      'disbursement_exceeds_outstanding',
      `only ${formatAmount(outstanding)} ${outstanding.currency} of pledge ${state.id} is outstanding; ${formatAmount(amount)} is more than that (amend the pledge first to give more)`,
    );
  }
  return [
    {
      type: 'PledgeDisbursementRecorded',
      data: { pledgeId: state.id, disbursementId: context.ids.next(), amount: formatMoney(amount), disbursedOn, reference },
    },
  ];
}

function confirmReceipt(command: ConfirmDisbursementReceipt, state: PledgeState, collaborative: CollaborativeState, context: PledgeContext): PledgeEvent[] {
  const disbursementId = requireText(command.data.disbursementId, 'disbursementId', 100);
  const receivedOn = requirePastOrToday(optionalDate(command.data.receivedOn, 'receivedOn') ?? context.today, context.today, 'receivedOn');
  const by = requireRecipient(state, collaborative, context, 'confirm receipt');
  const disbursement = state.disbursements.find((d) => d.disbursementId === disbursementId);
  if (!disbursement) throw new NotFoundError('disbursement_not_found', `pledge ${state.id} has no disbursement ${disbursementId}`);
  if (disbursement.receivedOn !== undefined) {
    throw new RuleViolation('receipt_already_confirmed', `receipt of disbursement ${disbursementId} was already confirmed (received on ${disbursement.receivedOn})`);
  }
  if (receivedOn < disbursement.disbursedOn) {
    throw new RuleViolation('received_before_disbursed', `receivedOn ${receivedOn} is before the disbursement was made (${disbursement.disbursedOn})`);
  }
  return [{ type: 'PledgeReceiptConfirmed', data: { pledgeId: state.id, disbursementId, by, receivedOn } }];
}

function amend(command: AmendPledge, state: PledgeState, collaborative: CollaborativeState, context: PledgeContext): PledgeEvent[] {
  const data = command.data;
  const hasAmount = data.amount !== undefined && data.amount !== null;
  const hasSchedule = data.schedule !== undefined && data.schedule !== null;
  const reason = requireText(data.reason, 'reason', LONG_TEXT);
  if (!hasAmount && !hasSchedule) throw new InvalidCommandError('empty_amendment', 'an amendment changes the amount, the schedule, or both');
  const amount = hasAmount ? parsePositiveMoney(data.amount, 'amount') : state.amount;
  requireFunder(state, collaborative, context, 'amend the pledge');
  requireNotCancelled(state);
  if (amount.currency !== state.amount.currency) {
    throw new RuleViolation('amendment_currency_mismatch', `pledge ${state.id} is in ${state.amount.currency}; an amendment cannot change its currency`);
  }
  const disbursed = disbursedTotal(state);
  if (compareMoney(amount, disbursed) < 0) {
    throw new RuleViolation(
      'amendment_below_disbursed',
      `${formatAmount(disbursed)} ${disbursed.currency} has already been disbursed; the pledge cannot be amended below that`,
    );
  }
  if (!hasSchedule && state.schedule.length > 0 && compareMoney(amount, state.amount) !== 0) {
    throw new InvalidCommandError(
      'schedule_total_mismatch',
      `the schedule in force adds up to ${formatAmount(state.amount)} ${amount.currency}; amending the amount to ${formatAmount(amount)} needs a new schedule (or an empty one to drop it)`,
      'schedule',
    );
  }
  const schedule = hasSchedule
    ? parseSchedule(data.schedule, amount, AMENDED_INSTALLMENTS.min)
    : state.schedule.map((i) => ({ dueDate: i.dueDate, amount: formatMoney(i.amount) }));
  return [
    {
      type: 'PledgeAmended',
      data: { pledgeId: state.id, amount: formatMoney(amount), ...(schedule.length > 0 && { schedule }), reason },
    },
  ];
}

function cancel(command: CancelPledge, state: PledgeState, context: PledgeContext): PledgeEvent[] {
  const reason = requireText(command.data.reason, 'reason', LONG_TEXT);
  // Releasing one's own pledge is allowed to the funder even after it has left the collaborative.
  if (actingOrganizationId(context.actor) !== state.funder) {
    throw new ForbiddenError('not_the_funder', `only the funder ${state.funder} can cancel pledge ${state.id}`);
  }
  requireNotCancelled(state);
  const outstanding = outstandingAmount(state);
  if (outstanding.minor === 0n) throw new RuleViolation('pledge_fulfilled', `pledge ${state.id} is fully disbursed; nothing is left to cancel`);
  return [{ type: 'PledgeCancelled', data: { pledgeId: state.id, reason, cancelledAmount: formatMoney(outstanding) } }];
}
