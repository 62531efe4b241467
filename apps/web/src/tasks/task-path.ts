import type { Task } from '../api/types';

/**
 * Where a task is worked on: a finding's step on its finding's task page, a public comment
 * (意见建议, no finding's) on its own page.
 */
export function taskPath(task: Pick<Task, 'id' | 'kind' | 'findingId'>): string {
  return task.kind === 'public_comment' || !task.findingId
    ? `/public-comments/${task.id}`
    : `/findings/${task.findingId}/tasks/${task.id}`;
}
