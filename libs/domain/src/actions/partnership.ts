/** The commands one may send on a declaration of partnership, as probes (probe.ts). */
import type { PartnershipState } from '../partnership/state';
import { proposalProbe } from './proposal';
import { PROBE_SIGNATORY, PROBE_TEXT, type ActionProbe, type ProbeCaller } from './probe';

export function partnershipProbes(state: PartnershipState, caller: ProbeCaller): ActionProbe[] {
  const on = (type: string, data: Record<string, unknown>): ActionProbe => ({ record: 'partnership', id: state.id, command: { type, data } });
  return [
    on('SignDeclaration', { signatory: PROBE_SIGNATORY }),
    // Effective today, or when the declaration is (a withdrawal cannot take effect before it).
    on('WithdrawFromDeclaration', { reason: PROBE_TEXT, effectiveOn: caller.today > state.effectiveFrom ? caller.today : state.effectiveFrom }),
    on('TerminateDeclaration', { reason: PROBE_TEXT }),
    proposalProbe(state.collaborativeId, 'terminate_declaration', { partnershipId: state.id }, { reason: PROBE_TEXT }),
  ];
}
