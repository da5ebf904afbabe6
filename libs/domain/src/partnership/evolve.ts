import { compact } from '../shared/validation';
import type { PartnershipEvent } from './events';
import type { PartnershipState } from './state';

export function evolve(state: PartnershipState | null, event: PartnershipEvent): PartnershipState | null {
  if (event.type === 'DeclarationDrafted') {
    const { partnershipId, ...terms } = event.data;
    const drafted: PartnershipState = { id: partnershipId, ...terms, status: 'awaiting_signatures', signatures: new Map(), withdrawals: new Map() };
    return compact(drafted);
  }
  if (state === null) return state;
  switch (event.type) {
    case 'DeclarationSigned':
      return { ...state, signatures: new Map(state.signatures).set(event.data.organizationId, event.data.signatory) };
    case 'DeclarationTookEffect':
      return { ...state, status: 'in_effect' };
    case 'PartyWithdrewFromDeclaration': {
      const { organizationId, reason, effectiveOn } = event.data;
      return { ...state, withdrawals: new Map(state.withdrawals).set(organizationId, { reason, effectiveOn }) };
    }
    case 'DeclarationTerminated':
      return { ...state, status: 'terminated', termination: compact({ terminatedBy: event.data.terminatedBy, reason: event.data.reason, resolutionId: event.data.resolutionId }) };
  }
}
