import type { TaskKind } from '@rectiflow/domain';
import type { TaskKindSpec } from '../task-kind-spec';
import { approveMeasures } from './approve-measures';
import { assign } from './assign';
import { contribute } from './contribute';
import { supervisionOrder, supervisionOrderReview } from './supervision-order';
import { draftMeasures } from './draft-measures';
import { escalation } from './escalation';
import { lookBack } from './look-back';
import { review1, review2, review3 } from './reviews';
import { stageReport } from './stage-report';
import { submitEvidence } from './submit-evidence';

/** Every kind's spec, keyed by kind: a kind without one does not compile ("… is missing"). */
export type TaskKindSpecs = { [K in TaskKind]: TaskKindSpec<K> };

/** One spec as its table entry, keyed by the kind it names. */
function entry<K extends TaskKind>(spec: TaskKindSpec<K>): { [P in K]: TaskKindSpec<P> } {
  // A computed key widens to `string` in TypeScript; the spec's own `kind` is the key.
  return { [spec.kind]: spec } as { [P in K]: TaskKindSpec<P> };
}

export const TASK_KIND_SPECS: TaskKindSpecs = {
  ...entry(assign),
  ...entry(draftMeasures),
  ...entry(approveMeasures),
  ...entry(submitEvidence),
  ...entry(review1),
  ...entry(review2),
  ...entry(review3),
  ...entry(stageReport),
  ...entry(escalation),
  ...entry(lookBack),
  ...entry(contribute),
  ...entry(supervisionOrder),
  ...entry(supervisionOrderReview),
};

/** The spec of one kind, typed by it (for code generic over the kind). */
export function specOf<K extends TaskKind>(kind: K): TaskKindSpec<K> {
  return TASK_KIND_SPECS[kind];
}
