import type { Decider } from '../shared/decider';
import type { CommitmentCommand } from './commands';
import { decide, type CommitmentContext } from './decide';
import type { CommitmentEvent } from './events';
import { evolve } from './evolve';
import type { CommitmentState } from './state';

export const commitmentDecider: Decider<CommitmentCommand, CommitmentEvent, CommitmentState | null, CommitmentContext> = {
  initialState: () => null,
  decide,
  evolve,
};
