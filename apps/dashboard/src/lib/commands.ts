/**
 * The form of each command the app can send: its fields (each named by its path in the request's
 * body, so that a problem document's `errors[].path` lands on the field), as in the controllers'
 * DTOs (apps/ledger/src/records/*). Labels come from the catalogue: `command.<Command>.*` and
 * `form.<field>`.
 */
import type { AllowedAction } from './actions';

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'date'
  | 'instant'
  | 'decimal'
  | 'money'
  | 'select'
  | 'member'
  | 'party'
  | 'boolean'
  | 'evidence'
  | 'digest'
  | 'members'
  | 'installments'
  | 'shares'
  | 'percent';

export interface FieldSpec {
  /** The path in the body: `reason`, `amount`, `acts.0.rationale`. */
  name: string;
  kind: FieldKind;
  optional?: boolean;
  /** The catalogue key of its label (default `form.<last part of name>`). */
  label?: string;
  /** select: the values, labelled by `<labels>.<value>` (or by `optionLabels`, names the ledger holds). */
  options?: ReadonlyArray<string | number>;
  labels?: string;
  optionLabels?: Record<string, string>;
  /** The action's `choices[choice]` restrict the options. */
  choice?: string;
  /** money: a currency fixed by the record (a pledge's, an agreement's). */
  currency?: string;
  /** money: the currency offered first (the partnership's usual one). */
  defaultCurrency?: string;
  /** A value filled in to start with. */
  initial?: unknown;
}

/** What a form knows of the record and the partnership. */
export interface FormContext {
  collaborativeId: string;
  members: Array<{ organizationId: string; role: string }>;
  /** The signed-in organization, when known. */
  self?: string;
  /** The record's currency (a pledge's, a risk agreement's). */
  currency?: string;
  today: string;
  /** The record itself (for defaults). */
  record?: Record<string, unknown>;
  /** The partnership's shared goals and declarations, to choose from. */
  goals?: Array<{ goalId: string; title: string }>;
  declarations?: Array<{ partnershipId: string; title: string }>;
}

/** A select of records the partnership holds (goals, declarations), or free text when none is known. */
function recordChoice(name: string, list: Array<{ id: string; title: string }> | undefined, optional: boolean, label?: string): FieldSpec {
  if (!list || list.length === 0) return { name, kind: 'text', optional, label };
  return { name, kind: 'select', optional, label, options: list.map((r) => r.id), optionLabels: Object.fromEntries(list.map((r) => [r.id, r.title])) };
}

export const CURRENCIES = ['CAD', 'USD', 'EUR'] as const;
export const DISPUTE_OUTCOMES = ['delivered', 'partially_delivered', 'not_delivered'] as const;
export const VOTE_CHOICES = ['for', 'against', 'abstain'] as const;
export const MEMBER_ROLES = ['steward', 'member', 'auditor', 'observer'] as const;
export const POLARITIES = ['higher_is_better', 'lower_is_better'] as const;
export const RISK_MODELS = ['upside_only', 'two_sided'] as const;
export const PHASES = [1, 2, 3, 4, 5] as const;

const reason: FieldSpec = { name: 'reason', kind: 'textarea' };
const rationale: FieldSpec = { name: 'rationale', kind: 'textarea' };

/** The fields of an act, by matter (a proposal's acts[0]; its target comes fixed with the action). */
function actFields(matter: string, context: FormContext, fixedAct: Record<string, unknown> | undefined): FieldSpec[] {
  const act = (f: FieldSpec): FieldSpec => ({ ...f, name: `acts.0.${f.name}` });
  switch (matter) {
    case 'adjudicate_dispute':
      return [
        act({ name: 'outcome', kind: 'select', options: DISPUTE_OUTCOMES, labels: 'outcome' }),
        act({ name: 'value', kind: 'decimal', optional: true }),
        act(rationale),
      ];
    case 'close_commitment_as_missed':
      return [act(rationale)];
    case 'terminate_declaration':
      return [
        ...(fixedAct?.partnershipId ? [] : [act(recordChoice('partnershipId', context.declarations?.map((d) => ({ id: d.partnershipId, title: d.title })), false))]),
        act(reason),
      ];
    case 'record_risk_result':
      return [act({ name: 'periodEnd', kind: 'date' }), act({ name: 'actualCost', kind: 'money', currency: context.currency })];
    case 'admit_member':
      return [act({ name: 'organizationId', kind: 'text' }), act({ name: 'role', kind: 'select', options: MEMBER_ROLES, labels: 'role' })];
    case 'remove_member':
      return [act({ name: 'organizationId', kind: 'member' }), act({ ...reason, optional: true })];
    case 'change_role':
      return [act({ name: 'organizationId', kind: 'member' }), act({ name: 'role', kind: 'select', options: MEMBER_ROLES, labels: 'role' }), act({ ...reason, optional: true })];
    case 'change_phase':
      return [act({ name: 'pathwayPhase', kind: 'select', options: PHASES, labels: 'phase' }), act({ ...reason, optional: true })];
    case 'adopt_goal':
      return goalFields.map(act);
    case 'revise_goal':
      return [act(recordChoice('goalId', context.goals?.map((g) => ({ id: g.goalId, title: g.title })), false, 'form.goal')), ...goalRevisionFields.map(act)];
    default:
      return [];
  }
}

const goalFields: FieldSpec[] = [
  { name: 'title', kind: 'text' },
  { name: 'indicator.name', kind: 'text', label: 'form.indicatorName' },
  { name: 'indicator.unit', kind: 'text', label: 'form.unit' },
  { name: 'indicator.polarity', kind: 'select', options: POLARITIES, labels: 'polarity', label: 'form.polarity' },
  { name: 'baseline.value', kind: 'decimal', label: 'form.baselineValue' },
  { name: 'baseline.date', kind: 'date', label: 'form.baselineDate' },
  { name: 'target.value', kind: 'decimal', label: 'form.targetValue' },
  { name: 'target.date', kind: 'date', label: 'form.targetDate' },
];

/** A goal's revision: a new title or target (its indicator and baseline stay), and why. */
const goalRevisionFields: FieldSpec[] = [
  { name: 'title', kind: 'text', optional: true, label: 'form.newTitle' },
  { name: 'target.value', kind: 'decimal', optional: true, label: 'form.targetValue' },
  { name: 'target.date', kind: 'date', optional: true, label: 'form.targetDate' },
  reason,
];

/** The matters a general proposal form offers (their acts have fields above). */
export const PROPOSABLE_MATTERS = ['general', 'admit_member', 'remove_member', 'change_role', 'change_phase', 'adopt_goal', 'revise_goal', 'terminate_declaration'] as const;

/**
 * The fields of a command's form, given what the ledger allows (the action's choices and fixed
 * body) and the values typed so far (a proposal's matter decides its act's fields). Null: no form
 * for this command here (the app does not offer it).
 */
export function formFields(action: AllowedAction, context: FormContext, values: Record<string, unknown>): FieldSpec[] | null {
  const record = context.record ?? {};
  switch (action.command) {
    // --- commitments
    case 'MakeCommitment':
      return [
        { name: 'promisee', kind: 'party' },
        { name: 'title', kind: 'text' },
        { name: 'description', kind: 'textarea', optional: true },
        { name: 'deliverable', kind: 'textarea', optional: true },
        { name: 'measure.indicator', kind: 'text', optional: true, label: 'form.indicatorName' },
        { name: 'measure.unit', kind: 'text', optional: true, label: 'form.unit' },
        { name: 'measure.target', kind: 'decimal', optional: true, label: 'form.targetValue' },
        { name: 'dueDate', kind: 'date' },
        recordChoice('goalId', context.goals?.map((g) => ({ id: g.goalId, title: g.title })), true, 'form.goal'),
        recordChoice('partnershipId', context.declarations?.map((d) => ({ id: d.partnershipId, title: d.title })), true, 'form.underDeclaration'),
      ];
    case 'AcceptCommitment':
    case 'ConfirmCommitmentDelivery':
    case 'AcceptCommitmentRevision':
    case 'AcknowledgePledge':
    case 'CloseResolution':
      return [];
    case 'DeclineCommitment':
    case 'DisputeCommitmentDelivery':
    case 'WithdrawCommitment':
    case 'CancelPledge':
    case 'RecuseFromResolution':
    case 'WithdrawResolution':
    case 'TerminateDeclaration':
      return [reason];
    case 'ReportCommitmentProgress':
      return [{ name: 'note', kind: 'textarea' }, { name: 'value', kind: 'decimal', optional: true }, { name: 'evidence', kind: 'evidence', optional: true }];
    case 'ProposeCommitmentRevision':
      return [
        { name: 'dueDate', kind: 'date', optional: true, label: 'form.newDueDate', initial: record.dueDate },
        { name: 'target', kind: 'decimal', optional: true, label: 'form.newTarget' },
        { name: 'description', kind: 'textarea', optional: true, label: 'form.newDescription' },
        reason,
      ];
    case 'ClaimCommitmentDelivery':
      return [{ name: 'deliveredOn', kind: 'date', initial: context.today }, { name: 'value', kind: 'decimal', optional: true }, { name: 'evidence', kind: 'evidence', optional: true }];
    case 'ResolveCommitmentDispute':
      return [{ name: 'outcome', kind: 'select', options: DISPUTE_OUTCOMES, labels: 'outcome' }, { name: 'value', kind: 'decimal', optional: true }, rationale];
    case 'CloseCommitmentAsMissed':
      return [rationale];
    // --- pledges
    case 'MakePledge':
      return [
        { name: 'recipient', kind: 'party' },
        { name: 'purpose', kind: 'textarea' },
        { name: 'amount', kind: 'money', defaultCurrency: context.currency },
        { name: 'binding', kind: 'boolean', initial: true },
        // Installments in the pledge's currency, as chosen above.
        { name: 'schedule', kind: 'installments', optional: true, currency: (values.amount as { currency?: string } | undefined)?.currency ?? context.currency ?? CURRENCIES[0] },
        { name: 'conditions', kind: 'textarea', optional: true },
      ];
    case 'RecordDisbursement':
      return [
        { name: 'amount', kind: 'money', currency: context.currency, initial: (record.outstanding as { amount?: string } | undefined)?.amount },
        { name: 'disbursedOn', kind: 'date', initial: context.today },
        { name: 'reference', kind: 'text' },
      ];
    case 'ConfirmDisbursementReceipt':
      return [{ name: 'receivedOn', kind: 'date', optional: true, initial: context.today }];
    case 'AmendPledge':
      return [{ name: 'amount', kind: 'money', currency: context.currency, optional: true }, { name: 'schedule', kind: 'installments', optional: true, currency: context.currency }, reason];
    // --- declarations
    case 'DraftDeclaration':
      return [
        { name: 'title', kind: 'text' },
        { name: 'termsSha256', kind: 'digest' },
        { name: 'summary', kind: 'textarea', optional: true },
        { name: 'parties', kind: 'members', initial: context.self ? [context.self] : [] },
        { name: 'effectiveFrom', kind: 'date', initial: context.today },
        { name: 'effectiveUntil', kind: 'date', optional: true },
      ];
    case 'SignDeclaration':
    case 'SignRiskAgreement':
      return [
        { name: 'signatory.name', kind: 'text', label: 'form.signatoryName' },
        { name: 'signatory.title', kind: 'text', label: 'form.signatoryTitle' },
      ];
    case 'WithdrawFromDeclaration':
      return [reason, { name: 'effectiveOn', kind: 'date', initial: context.today }];
    // --- risk agreements
    case 'ProposeRiskAgreement':
      return [
        { name: 'title', kind: 'text' },
        { name: 'scope', kind: 'textarea', optional: true },
        { name: 'period.start', kind: 'date', label: 'form.periodStart' },
        { name: 'period.end', kind: 'date', label: 'form.periodEnd' },
        { name: 'model', kind: 'select', options: RISK_MODELS, labels: 'riskModel' },
        { name: 'benchmark', kind: 'money', defaultCurrency: context.currency },
        { name: 'minimumSavingsRate', kind: 'percent' },
        { name: 'sharingRate', kind: 'percent' },
        ...(values.model === 'two_sided'
          ? [
              { name: 'minimumLossRate', kind: 'percent', optional: true } as FieldSpec,
              { name: 'lossSharingRate', kind: 'percent', optional: true } as FieldSpec,
              { name: 'lossCap', kind: 'percent', optional: true } as FieldSpec,
            ]
          : []),
        { name: 'savingsCap', kind: 'percent', optional: true },
        { name: 'parties', kind: 'shares' },
      ];
    case 'RecordPeriodResult':
      return [
        { name: 'periodEnd', kind: 'date', initial: (record.period as { end?: string } | undefined)?.end },
        { name: 'actualCost', kind: 'money', currency: context.currency },
      ];
    case 'RecordSettlementPayment':
      return [
        { name: 'fromOrganizationId', kind: 'member', initial: context.self },
        { name: 'toOrganizationId', kind: 'member', optional: true },
        { name: 'amount', kind: 'money', currency: context.currency },
        { name: 'paidOn', kind: 'date', initial: context.today },
      ];
    // --- resolutions
    case 'ProposeResolution': {
      const fixed = action.body ?? {};
      const fixedMatter = typeof fixed.matter === 'string' ? fixed.matter : undefined;
      const fixedAct = Array.isArray(fixed.acts) ? (fixed.acts[0] as Record<string, unknown>) : undefined;
      const offered = (action.choices?.matter ?? PROPOSABLE_MATTERS).filter((m) => (PROPOSABLE_MATTERS as readonly (string | number)[]).includes(m));
      if (!fixedMatter && offered.length === 0) return null;
      const matter = fixedMatter ?? (typeof values.matter === 'string' ? values.matter : String(offered[0]));
      return [
        ...(fixedMatter ? [] : [{ name: 'matter', kind: 'select', options: offered, labels: 'matter', initial: offered[0] } as FieldSpec]),
        { name: 'title', kind: 'text' },
        { name: 'text', kind: 'textarea', optional: true },
        ...actFields(matter, context, fixedAct),
        { name: 'votingClosesAt', kind: 'instant', optional: true },
      ];
    }
    case 'CastVote':
      return [
        { name: 'choice', kind: 'select', options: VOTE_CHOICES, labels: 'choice' },
        { name: 'reason', kind: 'textarea', optional: true },
      ];
    // --- the collaborative
    case 'AdmitMember':
      return [
        { name: 'organizationId', kind: 'text' },
        { name: 'role', kind: 'select', options: MEMBER_ROLES, labels: 'role', choice: 'role' },
      ];
    case 'AdoptSharedGoal':
      return [{ name: 'id', kind: 'text', optional: true, label: 'form.goalId' }, ...goalFields];
    case 'ReviseSharedGoal':
      return goalRevisionFields;
    case 'ChangePathwayPhase':
      return [{ name: 'pathwayPhase', kind: 'select', options: PHASES, labels: 'phase', choice: 'pathwayPhase' }, { ...reason, optional: true }];
    case 'ChangeMemberRole':
      return [{ name: 'role', kind: 'select', options: MEMBER_ROLES, labels: 'role', choice: 'role' }, { ...reason, optional: true }];
    case 'RecordMemberDeparture':
      return [{ ...reason, optional: true }];
    case 'RecordMeeting':
      return [
        { name: 'heldOn', kind: 'date', initial: context.today },
        { name: 'title', kind: 'text' },
        { name: 'attendees', kind: 'members', initial: context.self ? [context.self] : [] },
        { name: 'minutesSha256', kind: 'digest', optional: true },
        { name: 'minutesSummary', kind: 'textarea', optional: true },
      ];
    case 'RecordMeasurement':
      return [
        { name: 'value', kind: 'decimal' },
        { name: 'periodEnd', kind: 'date', initial: context.today },
        { name: 'source', kind: 'textarea', optional: true },
      ];
    default:
      return null;
  }
}

/** Commands whose form says plainly that it cannot be undone (shown with a warning). */
export const FINAL_COMMANDS = new Set(['DeclineCommitment', 'WithdrawCommitment', 'CloseCommitmentAsMissed', 'CancelPledge', 'TerminateDeclaration', 'WithdrawResolution', 'WithdrawFromDeclaration']);

/** Whether the app has a form for the action (the others are left to the API). */
export function offered(action: AllowedAction, context: FormContext): boolean {
  return action.path !== null && formFields(action, context, {}) !== null;
}
