import * as fs from 'node:fs';
import { PRELOADED_WORKFLOW_MODULES } from '../../apps/worker/src/workflow-bundle';

/**
 * The modules the workflow bundle preloads are evaluated once, before any workflow exists, and
 * shared by every workflow of the worker's V8 context. One that reached the SDK's workflow or
 * common library would share the SDK's per-workflow state among findings; one the bundle does
 * not hold is silently not preloaded. Read from the bundle the test run built (global-setup),
 * webpack's module table: each module's id and the ids it requires.
 */
describe('the workflow bundle: preloaded modules', () => {
  const code = fs.readFileSync(process.env.RECTIFLOW_TEST_WORKFLOW_BUNDLE as string, 'utf8');
  const starts = [...code.matchAll(/^\/\*\*\*\/ "([^"]+)"$/gm)];
  const requires = new Map<string, string[]>();
  starts.forEach((m, i) => {
    const body = code.slice(m.index, starts[i + 1]?.index ?? code.length);
    const ids = [...body.matchAll(/__webpack_require__\((?:\/\*![^*]*\*\/ )?"([^"]+)"\)/g)];
    requires.set(
      m[1],
      ids.map((r) => r[1]),
    );
  });

  function closure(id: string): Set<string> {
    const seen = new Set<string>();
    const stack = [id];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(requires.get(next) ?? []));
    }
    return seen;
  }

  it('reads a module table with the workflow and its requires in it', () => {
    const workflow = closure('./workflows/src/finding.workflow.ts');
    expect(workflow.has('./node_modules/@temporalio/workflow/lib/index.js')).toBe(true);
    expect(workflow.has('./libs/domain/src/index.ts')).toBe(true);
  });

  it.each(PRELOADED_WORKFLOW_MODULES)('%s is in the bundle and reaches no SDK module', (file) => {
    const id = `./${file}`;
    expect(requires.has(id)).toBe(true);
    const sdk = [...closure(id)].filter((m) => /node_modules\/(@temporalio|nexus-rpc)\//.test(m));
    expect(sdk).toEqual([]);
  });
});
