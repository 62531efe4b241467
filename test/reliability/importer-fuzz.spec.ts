import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { fuzzDocument, sourceDocuments } from './support/fuzz-documents';

/**
 * Importer fuzzing: thousands of random and mutated documents (shuffled lines, cut texts, mixed
 * punctuation widths, huge lines, binary garbage, stray markers) must each parse without an
 * exception, an internal error or a broken tree, within a time bound. The parser runs in a
 * worker thread watched from here, so a document that makes it hang is caught, named (seed and
 * index reproduce it) and saved under test-artifacts/.
 */

const COUNT = 5000;
// Any single document, even a 5 MB one, parses in well under this (the importer's own tests
// hold large inputs to 1.5 s); a parse still running after HANG_MS is a hang.
const PER_DOCUMENT_MS = 1500;
const HANG_MS = 10_000;
const SEED = Number(process.env.FUZZ_SEED ?? 20260601);

interface Done {
  type: 'done';
  index: number;
  ms: number;
  length: number;
  findings: number;
  problems: string[];
}

function save(index: number, text: string): string {
  const dir = path.resolve(__dirname, '../../test-artifacts');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `importer-fuzz-${SEED}-${index}.txt`);
  fs.writeFileSync(file, text);
  return file;
}

/** Runs the documents in a worker thread; answers the index of a document that hung, if any. */
function fuzz(
  count: number,
  hangMs: number,
  hangAt = -1,
): { done: Promise<{ hung: number | null; results: Done[] }>; stop(): Promise<number> } {
  const results: Done[] = [];
  const worker = new Worker(path.join(__dirname, 'support/fuzz-worker.cjs'), {
    workerData: { seed: SEED, count, hangAt },
  });
  const done = new Promise<{ hung: number | null; results: Done[] }>((resolve, reject) => {
    let current = -1;
    let since = Date.now();
    const finish = (hung: number | null) => {
      clearInterval(watchdog);
      void worker.terminate();
      resolve({ hung, results });
    };
    const watchdog = setInterval(() => {
      if (current >= 0 && Date.now() - since > hangMs) finish(current);
    }, 50);
    worker.on('message', (m: { type: string; index: number } & Omit<Partial<Done>, 'type'>) => {
      if (m.type === 'start') {
        current = m.index;
        since = Date.now();
      } else if (m.type === 'done') {
        current = -1;
        results.push(m as Done);
      } else if (m.type === 'finished') finish(null);
    });
    worker.on('error', (err) => {
      clearInterval(watchdog);
      reject(err);
    });
  });
  return { done, stop: () => worker.terminate() };
}

describe('importer fuzzing', () => {
  const running: { stop(): Promise<number> }[] = [];

  afterAll(async () => {
    await Promise.all(running.map((r) => r.stop()));
  });

  it('catches a parse that never returns (the watchdog works)', async () => {
    const run = fuzz(5, 1000, 2);
    running.push(run);
    const { hung, results } = await run.done;
    expect(hung).toBe(2);
    expect(results.map((r) => r.index)).toEqual([0, 1]);
  });

  it(`parses ${COUNT} random and mutated documents, each within ${PER_DOCUMENT_MS} ms, without failing`, async () => {
    const started = Date.now();
    const run = fuzz(COUNT, HANG_MS);
    running.push(run);
    const { hung, results } = await run.done;
    const sources = sourceDocuments();
    if (hung !== null) {
      const doc = fuzzDocument(sources, SEED, hung);
      throw new Error(
        `document ${hung} (seed ${SEED}; ${doc.recipe.join(' → ')}) did not parse within ${HANG_MS} ms; saved to ${save(hung, doc.text)}`,
      );
    }

    const failures = results
      .filter((r) => r.problems.length > 0 || r.ms > PER_DOCUMENT_MS)
      .map((r) => {
        const doc = fuzzDocument(sources, SEED, r.index);
        return `#${r.index} (${doc.recipe.join(' → ')}, ${r.length} chars, ${r.ms.toFixed(0)} ms): ${r.problems.join('; ') || 'too slow'} → ${save(r.index, doc.text)}`;
      });
    expect(failures).toEqual([]);
    expect(results).toHaveLength(COUNT);
    // The mutations leave most documents recognisable: the parser is exercised, not just fed noise.
    const withFindings = results.filter((r) => r.findings > 0).length;
    expect(withFindings).toBeGreaterThan(COUNT / 2);

    const times = results.map((r) => r.ms).sort((a, b) => a - b);
    const chars = results.reduce((n, r) => n + r.length, 0);
    process.stdout.write(
      `importer fuzz (seed ${SEED}): ${COUNT} documents (${withFindings} with findings), ${(chars / 1e6).toFixed(1)} M characters in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `parse p50 ${times[Math.floor(COUNT / 2)].toFixed(2)} ms, p99 ${times[Math.floor(COUNT * 0.99)].toFixed(1)} ms, max ${times[COUNT - 1].toFixed(1)} ms\n`,
    );
  }, 60_000);
});
