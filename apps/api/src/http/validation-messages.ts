import { BadRequestException, HttpStatus } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { fieldErrorBody, type FieldError } from './field-errors';

/** Flattens class-validator errors into messages that name the field (`measures.0.text …`). */
export function validationMessages(errors: ValidationError[], prefix = ''): string[] {
  return validationFieldErrors(errors, prefix).map((e) => e.message);
}

// class-validator's constraint names, as the codes the web app knows.
const CODE_OF: Record<string, string> = { whitelistValidation: 'unknown_field' };

/** `isUuid` → `is_uuid`; our own constraints are named in snake_case already. */
function codeOf(constraint: string): string {
  return CODE_OF[constraint] ?? constraint.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** The same, each with its field (a dotted path) and a code from the constraint that failed. */
export function validationFieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([constraint, m]) => ({
      field,
      code: codeOf(constraint),
      message: m.startsWith(e.property) ? `${prefix ? `${prefix}.` : ''}${m}` : `${field}: ${m}`,
    }));
    return [...own, ...validationFieldErrors(e.children ?? [], field)];
  });
}

/** The 400 for failed validation: `message` (one line per problem) and `errors` beside it. */
export function validationException(errors: ValidationError[], prefix = ''): BadRequestException {
  return new BadRequestException(
    fieldErrorBody(HttpStatus.BAD_REQUEST, validationFieldErrors(errors, prefix)),
  );
}
