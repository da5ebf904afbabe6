import type { Decider } from '../shared/decider';
import type { CollaborativeCommand } from './commands';
import { decide, type CollaborativeContext } from './decide';
import type { CollaborativeEvent } from './events';
import { evolve } from './evolve';
import type { CollaborativeState } from './state';

export const collaborativeDecider: Decider<CollaborativeCommand, CollaborativeEvent, CollaborativeState | null, CollaborativeContext> = {
  initialState: () => null,
  decide,
  evolve,
};
