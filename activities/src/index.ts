// Every activity the worker hosts, built over their dependencies.
import {
  createNoticeMailActivities,
  type NoticeMailActivities,
  type NoticeMailer,
} from './notice-mail.activities';
import {
  createProjectionActivities,
  type ProjectionActivities,
  type ProjectionDeps,
} from './projection.activities';

export * from './notice-mail.activities';
export * from './projection.activities';

export type AllActivities = ProjectionActivities & NoticeMailActivities;

export interface ActivityDeps extends ProjectionDeps {
  /** Delivers notices as e-mail; absent or null keeps them in-app only. */
  mailer?: NoticeMailer | null;
}

export function createActivities(deps: ActivityDeps): AllActivities {
  return {
    ...createProjectionActivities({ ...deps, mailEnabled: (deps.mailer ?? null) !== null }),
    ...createNoticeMailActivities({ dataSource: deps.dataSource, mailer: deps.mailer ?? null }),
  };
}
