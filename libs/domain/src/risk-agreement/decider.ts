import type { Decider } from '../shared/decider';
import type { RiskAgreementCommand } from './commands';
import { decide, type RiskAgreementContext } from './decide';
import type { RiskAgreementEvent } from './events';
import { evolve } from './evolve';
import type { RiskAgreementState } from './state';

export const riskAgreementDecider: Decider<RiskAgreementCommand, RiskAgreementEvent, RiskAgreementState | null, RiskAgreementContext> = {
  initialState: () => null,
  decide,
  evolve,
};
