/**
 * Refusals thrown by `decide`. `kind` says how the application layer answers (see
 * DOMAIN_ERROR_HTTP_STATUS); `code` is a stable snake_case rule name clients may switch on;
 * `detail` tells a person what to do about it.
 */
export type DomainErrorKind = 'forbidden' | 'not_found' | 'conflict' | 'rule' | 'invalid';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    readonly detail: string,
    /** For 'invalid': the field of the command at fault, e.g. `schedule[1].amount`. */
    readonly path?: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'DomainError';
  }
}

/** The actor may not do this (403). */
export class ForbiddenError extends DomainError {
  constructor(code: string, detail: string) {
    super('forbidden', code, detail);
    this.name = 'ForbiddenError';
  }
}

/** The record (or a sub-record named by the command) does not exist (404). */
export class NotFoundError extends DomainError {
  constructor(code: string, detail: string) {
    super('not_found', code, detail);
    this.name = 'NotFoundError';
  }
}

/** The record or sub-record already exists (409). */
export class ConflictError extends DomainError {
  constructor(code: string, detail: string) {
    super('conflict', code, detail);
    this.name = 'ConflictError';
  }
}

/** A rule of the record refused the command in its current state (422). */
export class RuleViolation extends DomainError {
  constructor(code: string, detail: string) {
    super('rule', code, detail);
    this.name = 'RuleViolation';
  }
}

/** The command's values are invalid whatever the record's state (400). */
export class InvalidCommandError extends DomainError {
  constructor(code: string, detail: string, path?: string) {
    super('invalid', code, detail, path);
    this.name = 'InvalidCommandError';
  }
}

/** How the HTTP layer answers each kind (LEDGER.md, errors). */
export const DOMAIN_ERROR_HTTP_STATUS: Readonly<Record<DomainErrorKind, number>> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rule: 422,
};

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
