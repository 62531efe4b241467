/** `POST /api/tasks/claim` (批量认领): the tasks claimed, and why the others were not. */
export interface BatchClaimAnswer {
  claimed: string[];
  failed: { taskId: string; message: string }[];
}

/** `POST /api/tasks/approve` (批量同意): the measure plans approved, and why the others were not. */
export interface BatchApproveAnswer {
  approved: string[];
  failed: { taskId: string; message: string }[];
}

/** `PUT /api/tasks/:id/draft` — when and by whom the draft was saved. */
export interface TaskDraftSaved {
  savedAt: string;
  savedBy: string;
}

/**
 * `GET /api/tasks/:id/draft`: a half-written step (a measure plan or an evidence report) as
 * last saved by anyone who may act on the task. Never a submission.
 */
export interface TaskDraftView extends TaskDraftSaved {
  taskId: string;
  /** The task's input as far as written (the shape of its completion body, maybe incomplete). */
  body: Record<string, unknown>;
}
