/** The commands one may send on a commitment, as probes (probe.ts). */
import type { Matter } from '../governance/charter';
import type { CommitmentState } from '../commitment/state';
import { proposalProbe } from './proposal';
import { PROBE_TEXT, type ActionProbe, type ProbeCaller } from './probe';

export function commitmentProbes(state: CommitmentState, caller: ProbeCaller): ActionProbe[] {
  const on = (type: string, data: Record<string, unknown>, extra: Partial<ActionProbe> = {}): ActionProbe => ({
    record: 'commitment',
    id: state.id,
    command: { type, data },
    ...extra,
  });
  const proposal = (matter: Matter, act: Record<string, unknown>) => proposalProbe(state.collaborativeId, matter, { commitmentId: state.id }, act);
  return [
    on('AcceptCommitment', {}),
    on('DeclineCommitment', { reason: PROBE_TEXT }),
    on('ReportCommitmentProgress', { note: PROBE_TEXT }),
    on('ProposeCommitmentRevision', { dueDate: state.dueDate, reason: PROBE_TEXT }),
    ...state.revisions
      .filter((revision) => revision.status === 'pending')
      .map((revision) => on('AcceptCommitmentRevision', { revisionId: revision.revisionId }, { target: { field: 'revisionId', id: revision.revisionId } })),
    on('ClaimCommitmentDelivery', { deliveredOn: caller.today }),
    on('ConfirmCommitmentDelivery', {}),
    on('DisputeCommitmentDelivery', { reason: PROBE_TEXT }),
    on('ResolveCommitmentDispute', { outcome: 'delivered', rationale: PROBE_TEXT }),
    on('WithdrawCommitment', { reason: PROBE_TEXT }),
    on('CloseCommitmentAsMissed', { rationale: PROBE_TEXT }),
    // Where the charter gives the step to a vote (or the steward is conflicted): a resolution carrying it out.
    proposal('adjudicate_dispute', { outcome: 'delivered', rationale: PROBE_TEXT }),
    proposal('close_commitment_as_missed', { rationale: PROBE_TEXT }),
  ];
}
