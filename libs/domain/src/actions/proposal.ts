/** A resolution proposed to carry out one act on a record: the probe of that proposal. */
import type { Matter } from '../governance/charter';
import { PROBE_RECORD_ID, PROBE_TEXT, type ActionProbe } from './probe';

/**
 * ProposeResolution in the record's collaborative, on `matter`, with one act on the record
 * (`target`: the act's field naming it) and the rest of the act's body (`body`). The request
 * carries the collaborative, the matter and the act's target as given; the caller writes the rest.
 */
export function proposalProbe(collaborativeId: string, matter: Matter, target: Record<string, string>, body: Record<string, unknown>): ActionProbe {
  return {
    record: 'resolution',
    id: PROBE_RECORD_ID,
    creates: true,
    command: {
      type: 'ProposeResolution',
      data: { id: PROBE_RECORD_ID, collaborativeId, title: PROBE_TEXT, matter, acts: [{ type: matter, ...target, ...body }] },
    },
    fixed: { collaborativeId, matter, acts: [{ type: matter, ...target }] },
  };
}
