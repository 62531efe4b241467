import type { ErrorAnswer } from './error-views';

export type HealthState = 'ok' | 'unavailable';

/** `GET /api/health`: whether Temporal and the read model answer. */
export interface HealthView {
  status: HealthState;
  temporal: HealthState;
  database: HealthState;
}

/** `GET /api/health` when a part is down: 503 naming it, in the error shape. */
export interface HealthUnavailableAnswer extends ErrorAnswer, HealthView {}
