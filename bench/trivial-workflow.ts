// The floor's workflow: the least a Temporal workflow can be. An update that answers at once
// (the floor of one human action) and a signal that ends it. Bundled by trivial-worker.mjs
// with bundleWorkflowCode and run on its own task queue, never on the product's.
import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

export const pingUpdate = defineUpdate<number, [number]>('ping');
export const finishSignal = defineSignal('finish');

export async function trivialWorkflow(): Promise<void> {
  let finished = false;
  setHandler(pingUpdate, (n) => n);
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
}
