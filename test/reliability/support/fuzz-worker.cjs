// Runs in a worker thread started by importer-fuzz.spec.ts: parses the fuzz documents one by
// one and reports each (its time and any broken invariant), so the test can stop a parse that
// hangs — which a test in jest's own thread could not do.
'use strict';

require('../../support/ts-register.cjs');
const { parentPort, workerData } = require('node:worker_threads');
const { parseRectificationText } = require('../../../libs/importer/src');
const { fuzzDocument, sourceDocuments } = require('./fuzz-documents.ts');

const INTERNAL = '解析失败（内部错误）';

function problemsOf(result) {
  const problems = [];
  if (!result || !Array.isArray(result.areas) || !Array.isArray(result.warnings))
    return ['not a parse result'];
  const internal = result.warnings.find((w) => typeof w !== 'string' || w.startsWith(INTERNAL));
  if (internal !== undefined) problems.push(`internal error: ${internal}`);
  let themes = 0;
  let findings = 0;
  let measures = 0;
  for (const area of result.areas) {
    if (typeof area.title !== 'string' || !Array.isArray(area.themes))
      problems.push('malformed area');
    themes += area.themes.length;
    for (const theme of area.themes) {
      findings += theme.findings.length;
      for (const f of theme.findings) {
        measures += f.measures.length;
        if (typeof f.title !== 'string' || !Number.isInteger(f.line))
          problems.push('malformed finding');
        if (f.measures.some((m) => typeof m !== 'string')) problems.push('malformed measure');
      }
    }
  }
  const c = result.counts;
  if (
    !c ||
    c.areas !== result.areas.length ||
    c.themes !== themes ||
    c.findings !== findings ||
    c.measures !== measures
  ) {
    problems.push(`counts disagree with the tree: ${JSON.stringify(c)}`);
  }
  if (findings === 0 && result.warnings.length === 0) problems.push('no findings and no warning');
  return problems;
}

// `hangAt`: the watchdog's own test makes one parse never return.
const { seed, count, hangAt } = workerData;
const sources = sourceDocuments();
for (let i = 0; i < count; i++) {
  const doc = fuzzDocument(sources, seed, i);
  parentPort.postMessage({ type: 'start', index: i });
  const started = performance.now();
  let problems;
  let findings = 0;
  try {
    if (i === hangAt) for (;;);
    const result = parseRectificationText(doc.text);
    findings = result.counts ? result.counts.findings : 0;
    problems = problemsOf(result);
  } catch (err) {
    problems = [`threw: ${err && err.stack ? err.stack : String(err)}`];
  }
  const ms = performance.now() - started;
  parentPort.postMessage({
    type: 'done',
    index: i,
    ms,
    length: doc.text.length,
    findings,
    problems,
  });
}
parentPort.postMessage({ type: 'finished' });
