/**
 * The collaborative's witnesses: the member organizations whose witnesses of the ledger's log must
 * cosign a checkpoint before the collaborative takes it as the log (issue 25: so that the operator
 * cannot show one history to some members and another to the rest). The charter names them and
 * the quorum; each organization registers its own witness key (organization/decide.ts), and a
 * verifier (the dashboard's audit page, `ledger verify --witnesses --quorum`) counts the valid
 * cosignatures of their keys.
 */
import { InvalidCommandError, RuleViolation } from '../shared/domain-error';
import { requireInteger, requireList, requireObject, requireRecordId, type Range } from '../shared/validation';
import type { MemberRole } from '../collaborative/roles';

/** How many witnesses a charter may name (none: the collaborative does not ask for witnesses). */
export const CHARTER_WITNESSES: Range = { min: 0, max: 50 };

export interface WitnessPolicy {
  /** Organization ids, in the charter's order. */
  readonly witnesses: readonly string[];
  /** At least 1, at most witnesses.length: how many must have cosigned a checkpoint. */
  readonly quorum: number;
}

/** The quorum when the charter names witnesses but not how many must cosign: a majority of them. */
export function defaultWitnessQuorum(witnesses: number): number {
  return Math.floor(witnesses / 2) + 1;
}

/**
 * The witnesses and quorum of a charter or an amendment. `undefined`: the body says nothing of
 * witnesses (the policy in force stays); `null`: an empty list (the collaborative stops asking for
 * witnesses). Each witness is a current member that reads the log's raw events (an observer does
 * not, so it could not check the ledger's consistency proofs).
 */
export function parseCharterWitnesses(
  witnesses: unknown,
  quorum: unknown,
  members: ReadonlyMap<string, MemberRole>,
): WitnessPolicy | null | undefined {
  if (witnesses === undefined || witnesses === null) {
    if (quorum !== undefined && quorum !== null) {
      throw new InvalidCommandError('witnesses_required', 'witnessQuorum comes with the list of witnesses it counts', 'witnessQuorum');
    }
    return undefined;
  }
  const ids = requireList(witnesses, 'witnesses', CHARTER_WITNESSES.min, CHARTER_WITNESSES.max).map((entry, i) =>
    requireRecordId(requireObject(entry, `witnesses[${i}]`).organizationId, `witnesses[${i}].organizationId`),
  );
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) throw new InvalidCommandError('duplicate_witness', `witnesses[${i}].organizationId: ${id} is already a witness in this list`, `witnesses[${i}].organizationId`);
  });
  if (ids.length === 0) {
    if (quorum !== undefined && quorum !== null) throw new InvalidCommandError('witnesses_required', 'witnessQuorum needs at least one witness', 'witnessQuorum');
    return null;
  }
  const count = quorum === undefined || quorum === null ? defaultWitnessQuorum(ids.length) : requireInteger(quorum, 1, ids.length, 'witnessQuorum');
  ids.forEach((id, i) => {
    const role = members.get(id);
    if (role === undefined || role === 'observer') {
      throw new RuleViolation(
        'witness_not_a_member',
        `witnesses[${i}]: ${id} is ${role === 'observer' ? 'an observer, which cannot read the consistency proofs a witness checks' : 'not a member of the collaborative'}`,
        { organizationId: id },
      );
    }
  });
  return { witnesses: ids, quorum: count };
}

/** As events carry it: `witnesses: [{ organizationId }]` and `witnessQuorum` (an empty list: none). */
export function witnessPolicyData(policy: WitnessPolicy | null): { witnesses: Array<{ organizationId: string }>; witnessQuorum?: number } {
  return policy === null ? { witnesses: [] } : { witnesses: policy.witnesses.map((organizationId) => ({ organizationId })), witnessQuorum: policy.quorum };
}
