/**
 * Acts: what an adopted resolution carries out. "An act is the body of the command it stands for
 * plus its kind and target" (LEDGER.md): `actCommand` maps each kind to that command on its record,
 * which the application runs with the resolution as actor when the resolution is adopted.
 */
import type { Command } from '../shared/decider';
import { InvalidCommandError } from '../shared/domain-error';
import { RECORD_ID, requireObject, requireRecordId, requireText } from '../shared/validation';
import type { ActMatter } from '../governance/charter';
import type {
  AdmitMember,
  AdoptSharedGoal,
  AmendCharter,
  ChangeMemberRole,
  ChangePathwayPhase,
  RecordMemberDeparture,
  ReviseSharedGoal,
} from '../collaborative/commands';
import type { TerminateDeclaration } from '../partnership/commands';
import type { CloseCommitmentAsMissed, ResolveCommitmentDispute } from '../commitment/commands';
import type { RecordPeriodResult } from '../risk-agreement/commands';

export type Act =
  | ({ type: 'admit_member' } & AdmitMember['data'])
  | ({ type: 'remove_member' } & RecordMemberDeparture['data'])
  | ({ type: 'change_role' } & ChangeMemberRole['data'])
  | ({ type: 'adopt_goal' } & AdoptSharedGoal['data'])
  | ({ type: 'revise_goal' } & ReviseSharedGoal['data'])
  | ({ type: 'change_phase' } & ChangePathwayPhase['data'])
  | ({ type: 'amend_charter' } & AmendCharter['data'])
  | ({ type: 'terminate_declaration'; partnershipId: string } & TerminateDeclaration['data'])
  | ({ type: 'adjudicate_dispute'; commitmentId: string } & ResolveCommitmentDispute['data'])
  | ({ type: 'close_commitment_as_missed'; commitmentId: string } & CloseCommitmentAsMissed['data'])
  | ({ type: 'record_risk_result'; agreementId: string } & RecordPeriodResult['data']);

/** The records acts change (each a RecordName of the registry). */
export type ActRecord = 'collaborative' | 'partnership' | 'commitment' | 'risk-agreement';

interface ActKind {
  readonly record: ActRecord;
  readonly command: string;
  /** For an act on a record other than the collaborative: the act's field naming it. */
  readonly target?: 'partnershipId' | 'commitmentId' | 'agreementId';
  /** For an act on a member of the collaborative (or one to admit): the act's field naming it. */
  readonly member?: 'organizationId';
  /** The body of the command. */
  readonly fields: readonly string[];
}

/** Each kind of act: the command it stands for, on which record. */
export const ACT_KINDS: Readonly<Record<ActMatter, ActKind>> = {
  admit_member: { record: 'collaborative', command: 'AdmitMember', member: 'organizationId', fields: ['organizationId', 'role'] },
  remove_member: { record: 'collaborative', command: 'RecordMemberDeparture', member: 'organizationId', fields: ['organizationId', 'reason'] },
  change_role: { record: 'collaborative', command: 'ChangeMemberRole', member: 'organizationId', fields: ['organizationId', 'role', 'reason'] },
  adopt_goal: { record: 'collaborative', command: 'AdoptSharedGoal', fields: ['goalId', 'title', 'indicator', 'baseline', 'target'] },
  revise_goal: { record: 'collaborative', command: 'ReviseSharedGoal', fields: ['goalId', 'title', 'target', 'reason'] },
  change_phase: { record: 'collaborative', command: 'ChangePathwayPhase', fields: ['pathwayPhase', 'reason'] },
  amend_charter: { record: 'collaborative', command: 'AmendCharter', fields: ['rules', 'reason', 'witnesses', 'witnessQuorum'] },
  terminate_declaration: { record: 'partnership', command: 'TerminateDeclaration', target: 'partnershipId', fields: ['reason'] },
  adjudicate_dispute: { record: 'commitment', command: 'ResolveCommitmentDispute', target: 'commitmentId', fields: ['outcome', 'value', 'rationale'] },
  close_commitment_as_missed: { record: 'commitment', command: 'CloseCommitmentAsMissed', target: 'commitmentId', fields: ['rationale'] },
  record_risk_result: { record: 'risk-agreement', command: 'RecordPeriodResult', target: 'agreementId', fields: ['periodEnd', 'actualCost'] },
};

export interface ActCommand {
  readonly record: ActRecord;
  readonly id: string;
  readonly command: Command;
}

function bodyOf(act: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((field) => act[field] !== undefined).map((field) => [field, act[field]]));
}

/** The command an act stands for, and the record (and its id) it goes to. */
export function actCommand(act: Act, collaborativeId: string): ActCommand {
  const kind = ACT_KINDS[act.type];
  const fields = act as unknown as Record<string, unknown>;
  return {
    record: kind.record,
    id: kind.target ? (fields[kind.target] as string) : collaborativeId,
    command: { type: kind.command, data: bodyOf(fields, kind.fields) },
  };
}

/**
 * An act of a resolution on `matter`, as given: its kind must be the matter, its target a record
 * id; only the fields of its command are kept (their values are checked by deciding the command).
 */
export function parseAct(value: unknown, path: string, matter: ActMatter): Act {
  const act = requireObject(value, path);
  if (act.type !== matter) {
    throw new InvalidCommandError('act_kind_mismatch', `${path}.type must be ${matter}, the matter of the resolution; got ${JSON.stringify(act.type) ?? 'nothing'}`, `${path}.type`);
  }
  const kind = ACT_KINDS[matter];
  const target = kind.target ?? kind.member;
  if (target) requireRecordId(act[target], `${path}.${target}`);
  if (matter === 'revise_goal') requireText(act.goalId, `${path}.goalId`, 63);
  return { type: matter, ...(kind.target && { [kind.target]: act[kind.target] }), ...bodyOf(act, kind.fields) } as Act;
}

/** A record an act names that the decision must load: the organization to admit, or the act's target. */
export interface ActTarget {
  readonly record: 'organization' | 'partnership' | 'commitment' | 'risk-agreement';
  readonly id: string;
}

/** What an act (as given, not yet checked) names for loading; null when it names nothing loadable. */
export function actTargetOf(value: unknown): ActTarget | null {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(ACT_KINDS, (value as { type?: unknown }).type as string)) return null;
  const act = value as Record<string, unknown>;
  const kind = ACT_KINDS[act.type as ActMatter];
  const [record, field] = kind.target ? [kind.record as Exclude<ActRecord, 'collaborative'>, kind.target] : act.type === 'admit_member' ? (['organization', 'organizationId'] as const) : [null, null];
  const id = field ? act[field] : undefined;
  return record && typeof id === 'string' && RECORD_ID.test(id) ? { record, id } : null;
}

/** The context field holding the record the act at `index` names. */
export function actTargetField(index: number): `act:${number}` {
  return `act:${index}`;
}
