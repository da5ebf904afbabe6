/** The DomainError a call throws, for checks beyond code and kind (the path of an invalid field, details). */
import { DomainError } from '../shared/domain-error';

export function refusalOf(call: () => unknown): DomainError {
  try {
    call();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal, but the call was accepted');
}
