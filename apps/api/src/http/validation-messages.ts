import type { ValidationError } from 'class-validator';

/** Flattens class-validator errors into messages that name the field (`measures.0.text …`). */
export function validationMessages(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) =>
      m.startsWith(e.property) ? `${prefix ? `${prefix}.` : ''}${m}` : `${field}: ${m}`,
    );
    return [...own, ...validationMessages(e.children ?? [], field)];
  });
}
