/** The codes of `errors` the API answers with that have words of their own (apiError.codes). */
export const API_ERROR_CODES = [
  'invalid_json',
  'json_too_deep',
  'body_too_large',
  'unsupported_charset',
  'unsupported_content_encoding',
  'reserved_key',
  'unknown_field',
  'file_too_large',
  'file_type_not_allowed',
  'file_type_mismatch',
  'due_in_past',
  'due_beyond_horizon',
  'co_department_is_lead',
] as const;
