/** Decision contexts for tests: a fixed clock and predictable generated ids. */
import type { Actor, DecisionContext, IdGenerator } from '../shared/decider';

export const TEST_NOW = '2025-03-01T12:00:00.000Z';
export const TEST_TODAY = '2025-03-01';

/** Ids `${prefix}-1`, `${prefix}-2`, ... in order of use. */
export function sequentialIds(prefix = 'gen'): IdGenerator {
  let counter = 0;
  return { next: () => `${prefix}-${(counter += 1)}` };
}

export function contextFor<Extra extends object = object>(actor: Actor, extra?: Extra): DecisionContext & Extra {
  return { actor, now: TEST_NOW, today: TEST_TODAY, ids: sequentialIds(), ...(extra as Extra) };
}

export function asOperator<Extra extends object = object>(extra?: Extra): DecisionContext & Extra {
  return contextFor({ kind: 'operator' }, extra);
}

export function asOrganization<Extra extends object = object>(organizationId: string, extra?: Extra): DecisionContext & Extra {
  return contextFor({ kind: 'organization', organizationId }, extra);
}

/** The collaborative acting by an adopted resolution. */
export function asResolution<Extra extends object = object>(collaborativeId: string, resolutionId: string, extra?: Extra): DecisionContext & Extra {
  return contextFor({ kind: 'resolution', collaborativeId, resolutionId }, extra);
}
