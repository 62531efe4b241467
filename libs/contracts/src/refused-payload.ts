/**
 * The field of the JSON object a refused payload is decoded into (libs/config's payload codec:
 * a payload that is not encrypted with a key the service holds). A workflow refuses, and
 * audits, a step whose arguments are this object; it never fails its workflow task on it.
 */
export const REFUSED_PAYLOAD_FIELD = '$rectiflowRefusedPayload';

/** The reason when a decoded value is the refusal marker; else null. */
export function refusedPayloadReason(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const reason = (value as Record<string, unknown>)[REFUSED_PAYLOAD_FIELD];
  return typeof reason === 'string' ? reason : null;
}

/** The audit action of a step refused because it did not come through the API. */
export const STEP_REFUSED_ACTION = 'finding.step_refused';
