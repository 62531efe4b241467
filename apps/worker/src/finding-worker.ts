import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { TASK_QUEUE } from '@rectiflow/contracts';
import { createActivities } from '@rectiflow/activities';
import type { NotificationEntity } from '@rectiflow/persistence';
import { bundleWorkflows } from './workflow-bundle';

export interface FindingWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  dataSource: DataSource;
  /** A prebuilt bundle (tests share one); bundled from source when absent. */
  workflowBundle?: WorkflowBundleOption;
  taskQueue?: string;
  onNotifications?: (rows: NotificationEntity[]) => Promise<void>;
}

export async function createFindingWorker(options: FindingWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    workflowBundle: options.workflowBundle ?? (await bundleWorkflows()),
    activities: createActivities({ dataSource: options.dataSource, onNotifications: options.onNotifications }),
  });
}

/** Connects to Temporal, retrying while the server is still starting. */
export async function connectWithRetry(address: string, deadlineMs = 60_000): Promise<NativeConnection> {
  const started = Date.now();
  for (;;) {
    try {
      return await NativeConnection.connect({ address });
    } catch (err) {
      if (Date.now() - started > deadlineMs) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
