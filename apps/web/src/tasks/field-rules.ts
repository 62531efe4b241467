import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { checkField, FORM_RULES, type FieldRule, type RuledForm } from '@rectiflow/contracts/web';

/**
 * The antd rules of one field from the table the API's DTOs follow (libs/contracts
 * form-rules.ts): "请选择责任领导" and the like show before anything is sent.
 */
export function fieldRules<F extends RuledForm>(
  form: F,
  field: keyof (typeof FORM_RULES)[F] & string,
  t: TFunction,
): { validator: (rule: unknown, value: unknown) => Promise<void> }[] {
  const rule = FORM_RULES[form][field] as FieldRule;
  return [
    {
      validator: async (_: unknown, value: unknown) => {
        const problem = checkField(rule, value);
        if (!problem) return;
        throw new Error(
          problem === 'required'
            ? t(`formRules.required.${field}`, { defaultValue: t('formRules.requiredDefault') })
            : t(`formRules.${problem}`, {
                max: rule.maxLength ?? rule.maxItems,
                min: rule.minItems,
              }),
        );
      },
    },
  ];
}

/** Whether `changed` (antd's changed values, sparse for lists) holds the field at `path`. */
function holds(changed: unknown, path: (string | number)[]): boolean {
  let at: unknown = changed;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || !(key in (at as object))) return false;
    at = (at as Record<string | number, unknown>)[key];
  }
  return true;
}

/**
 * `onValuesChange` of a form: a field's error — the browser's or the API's — goes as soon as
 * that field changes (its rules, if any, then judge the new value).
 */
export function clearErrorsOnChange(form: FormInstance) {
  return (changed: unknown) => {
    const stale = form
      .getFieldsError()
      .filter((f) => f.errors.length > 0 && holds(changed, f.name));
    if (stale.length > 0) form.setFields(stale.map((f) => ({ name: f.name, errors: [] })));
  };
}
