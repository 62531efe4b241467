// Runs in a worker thread of the export pool (export-pool.ts), never on the API's event loop:
// one ExportJob in, the file's bytes out, their ArrayBuffer moved (not copied) back; or one
// ReadTask, whose input the thread reads from the read model itself (read-model-tasks.ts).
import { move } from 'piscina';
import { buildExport, type ExportJob } from '@rectiflow/reports';
import {
  ownArrayBuffer,
  runReadTask,
  type ReadTask,
  type ReadTaskContext,
  type ReadTaskResult,
} from './read-model-tasks';

export default async function build(
  job: ExportJob | (ReadTask & ReadTaskContext),
): Promise<ArrayBuffer | ReadTaskResult> {
  if ('task' in job) return runReadTask(job);
  return move(ownArrayBuffer(await buildExport(job))) as ArrayBuffer;
}
