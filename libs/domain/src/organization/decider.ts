import type { Decider } from '../shared/decider';
import type { OrganizationCommand } from './commands';
import { decide, type OrganizationContext } from './decide';
import type { OrganizationEvent } from './events';
import { evolve } from './evolve';
import type { OrganizationState } from './state';

export const organizationDecider: Decider<OrganizationCommand, OrganizationEvent, OrganizationState | null, OrganizationContext> = {
  initialState: () => null,
  decide,
  evolve,
};
