/**
 * Refusals thrown by `decide` (and by the command path around it). `kind` says what sort of refusal
 * it is — the HTTP layer maps kinds to statuses in one place (its problem-details filter); `code` is
 * a stable snake_case rule name clients may switch on; `detail` tells a person what to do about it.
 */
export type DomainErrorKind = 'forbidden' | 'not_found' | 'conflict' | 'rule' | 'invalid';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    readonly detail: string,
    /** For 'invalid': the field of the command at fault, e.g. `schedule[1].amount`. */
    readonly path?: string,
    /** Facts a client may act on, e.g. `{ currentRevision: 3 }` for a revision conflict. */
    readonly details?: Readonly<Record<string, unknown>>,
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

/** The record or sub-record already exists, or it moved on meanwhile (409). */
export class ConflictError extends DomainError {
  constructor(code: string, detail: string, details?: Readonly<Record<string, unknown>>) {
    super('conflict', code, detail, undefined, details);
    this.name = 'ConflictError';
  }
}

/** A rule of the record refused the command in its current state (422). */
export class RuleViolation extends DomainError {
  constructor(code: string, detail: string, details?: Readonly<Record<string, unknown>>) {
    super('rule', code, detail, undefined, details);
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

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
