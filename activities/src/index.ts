// Every activity the worker hosts, built over their dependencies.
import { createProjectionActivities, type ProjectionActivities, type ProjectionDeps } from './projection.activities';

export * from './projection.activities';

export type AllActivities = ProjectionActivities;

export function createActivities(deps: ProjectionDeps): AllActivities {
  return { ...createProjectionActivities(deps) };
}
