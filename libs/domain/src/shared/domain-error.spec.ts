import {
  ConflictError,
  DomainError,
  ForbiddenError,
  InvalidCommandError,
  NotFoundError,
  RuleViolation,
  isDomainError,
} from './domain-error';

describe('DomainError', () => {
  it('gives each refusal its kind, code and detail', () => {
    const errors = [
      new ForbiddenError('steward_only', 'only a steward can'),
      new NotFoundError('pledge_not_found', 'no pledge'),
      new ConflictError('pledge_already_exists', 'exists'),
      new RuleViolation('disbursement_exceeds_outstanding', 'too much'),
      new InvalidCommandError('invalid_date', 'bad date', 'dueDate'),
    ];
    expect(errors.map((e) => [e.kind, e.code])).toEqual([
      ['forbidden', 'steward_only'],
      ['not_found', 'pledge_not_found'],
      ['conflict', 'pledge_already_exists'],
      ['rule', 'disbursement_exceeds_outstanding'],
      ['invalid', 'invalid_date'],
    ]);
    expect(errors.every((e) => e instanceof DomainError && e instanceof Error && isDomainError(e))).toBe(true);
    expect(errors[3].message).toBe('disbursement_exceeds_outstanding: too much');
    expect(errors[4].path).toBe('dueDate');
  });

  it('does not mistake other errors for refusals', () => {
    expect(isDomainError(new Error('boom'))).toBe(false);
  });
});
