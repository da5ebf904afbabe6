import { ValidationError, ValidationPipe } from '@nestjs/common';
import { problem } from './problem-details.filter';

/** Flattens class-validator's tree into the problem document's `errors: [{ path, message }]`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  for (const error of errors) {
    const path = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    for (const message of Object.values(error.constraints ?? {})) out.push({ path, message });
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, path));
  }
  return out;
}

/**
 * Bodies are validated against their DTO class: unknown properties are refused (not silently
 * dropped), values are not coerced, and every problem is listed with its path.
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
      return problem(400, 'validation', 'invalid input', list.map((e) => `${e.path}: ${e.message}`).join('; '), { errors: list });
    },
  });
}
