// API 400 answers name the offending field first ("dueAt must be …",
// "measures.0.text should not be empty", "measures: …"); this finds that path so the message
// can be shown under the matching form field.

export type FieldPath = (string | number)[];

const LEADING_PATH = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)(?=[\s:])/;

export function fieldPathOf(message: string): FieldPath | null {
  const m = LEADING_PATH.exec(message.trim());
  if (!m) return null;
  return m[1].split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export interface PlacedErrors {
  /** Messages keyed by their field path joined with dots, in the order they came. */
  byField: Map<string, { path: FieldPath; messages: string[] }>;
  /** Messages naming no field of the form. */
  general: string[];
}

/** Splits messages into those for `fields` (top-level form field names) and the rest. */
export function placeMessages(messages: string[], fields: readonly string[]): PlacedErrors {
  const byField = new Map<string, { path: FieldPath; messages: string[] }>();
  const general: string[] = [];
  for (const message of messages) {
    const path = fieldPathOf(message);
    if (!path || !fields.includes(String(path[0]))) {
      general.push(message);
      continue;
    }
    const key = path.join('.');
    const entry = byField.get(key) ?? { path, messages: [] };
    entry.messages.push(message);
    byField.set(key, entry);
  }
  return { byField, general };
}
