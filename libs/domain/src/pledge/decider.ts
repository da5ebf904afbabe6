import type { Decider } from '../shared/decider';
import type { PledgeCommand } from './commands';
import { decide, type PledgeContext } from './decide';
import type { PledgeEvent } from './events';
import { evolve } from './evolve';
import type { PledgeState } from './state';

export const pledgeDecider: Decider<PledgeCommand, PledgeEvent, PledgeState | null, PledgeContext> = {
  initialState: () => null,
  decide,
  evolve,
};
