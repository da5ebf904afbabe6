/** The commands one may send on a resolution, as probes (probe.ts). */
import type { ResolutionState } from '../resolution/state';
import { PROBE_TEXT, type ActionProbe } from './probe';

export function resolutionProbes(state: ResolutionState): ActionProbe[] {
  const on = (type: string, data: Record<string, unknown>): ActionProbe => ({ record: 'resolution', id: state.id, command: { type, data } });
  return [
    // Every choice is open to an eligible voter alike (the same choice again changes nothing).
    on('CastVote', { choice: 'abstain' }),
    on('RecuseFromResolution', { reason: PROBE_TEXT }),
    on('CloseResolution', {}),
    on('WithdrawResolution', { reason: PROBE_TEXT }),
  ];
}
