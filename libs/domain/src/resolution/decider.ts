import type { Decider } from '../shared/decider';
import type { ResolutionCommand } from './commands';
import { decide, type ResolutionContext } from './decide';
import type { ResolutionEvent } from './events';
import { evolve } from './evolve';
import type { ResolutionState } from './state';

export const resolutionDecider: Decider<ResolutionCommand, ResolutionEvent, ResolutionState | null, ResolutionContext> = {
  initialState: () => null,
  decide,
  evolve,
};
