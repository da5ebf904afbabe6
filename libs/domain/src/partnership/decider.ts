import type { Decider } from '../shared/decider';
import type { PartnershipCommand } from './commands';
import { decide, type PartnershipContext } from './decide';
import type { PartnershipEvent } from './events';
import { evolve } from './evolve';
import type { PartnershipState } from './state';

export const partnershipDecider: Decider<PartnershipCommand, PartnershipEvent, PartnershipState | null, PartnershipContext> = {
  initialState: () => null,
  decide,
  evolve,
};
