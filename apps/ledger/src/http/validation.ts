import { ValidationError, ValidationPipe } from '@nestjs/common';
import { problem } from './problem-details.filter';

export interface FieldProblem {
  path: string;
  message: string;
  /** The rule broken: the domain's code (records/shared/dto.ts) or the validator's, in snake_case. */
  code: string;
}

/** Flattens class-validator's tree into the problem document's `errors: [{ path, message, code }]`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const path = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      out.push({ path, message, code: constraint.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`) });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, path));
  }
  return out;
}

/**
 * Bodies are validated against their DTO class: unknown properties are refused (not silently
 * dropped), values are not coerced, and every problem is listed with its path and rule; the
 * document's `code` is the first one's.
 */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const list = flattenValidationErrors(errors);
      return problem(400, 'validation', 'invalid input', list.map((e) => `${e.path}: ${e.message}`).join('; '), { code: list[0]?.code ?? 'invalid_input', errors: list });
    },
  });
}
