// Runs in a worker thread started by DocumentReader: reads one document and posts its text back.
// Unzipping, XML parsing and pdf.js take whole seconds on long reports; here they cannot hold up
// the API's event loop, and a document that explodes in memory only ends this thread.

import { parentPort, workerData } from 'node:worker_threads';
import { DocumentReadError } from './document-errors';
import { docxText } from './docx-text';
import { pdfText } from './pdf-text';
import type { DocumentKind, WorkerAnswer } from './document-reader';

async function read(kind: DocumentKind, bytes: Uint8Array): Promise<WorkerAnswer> {
  const started = performance.now();
  try {
    if (kind === 'docx') {
      const { text, paragraphs, numbered } = await docxText(bytes);
      return { ok: true, text, paragraphs, numbered, ms: performance.now() - started };
    }
    const { text, pages } = await pdfText(bytes);
    return { ok: true, text, pages, ms: performance.now() - started };
  } catch (err) {
    if (err instanceof DocumentReadError)
      return { ok: false, code: err.code, message: err.message };
    return { ok: false, code: null, message: err instanceof Error ? err.message : String(err) };
  }
}

const input = workerData as { kind: DocumentKind; bytes: Uint8Array };
void read(input.kind, input.bytes).then((answer) => parentPort?.postMessage(answer));
