import type { CompleteAnswer, FindingDetail, Task } from '../api/types';

export interface TaskFormProps {
  task: Task;
  finding: FindingDetail;
  /** False when someone else holds the task: the form is read only. */
  canAct: boolean;
  onDone(answer: CompleteAnswer): void;
}
