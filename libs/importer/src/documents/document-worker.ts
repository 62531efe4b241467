// Runs in a worker thread started by DocumentReader: reads one document and posts its text back.
// Unzipping, XML parsing and pdf.js take whole seconds on long reports; here they cannot hold up
// the API's event loop, and a document that explodes in memory only ends this thread.

import { parentPort, workerData } from 'node:worker_threads';
import { parseRectificationText } from '../parse';
import type { ParseOptions } from '../types';
import { DocumentReadError } from './document-errors';
import { docxText } from './docx-text';
import { pdfText } from './pdf-text';
import type { DocumentKind, WorkerAnswer } from './document-reader';

async function read(
  kind: DocumentKind,
  bytes: Uint8Array,
  parse: ParseOptions | null,
): Promise<WorkerAnswer> {
  const started = performance.now();
  try {
    const read =
      kind === 'docx'
        ? await docxText(bytes)
        : { ...(await pdfText(bytes)), paragraphs: undefined, numbered: undefined };
    const { text, ...stats } = read;
    const ms = () => performance.now() - started;
    // Parsing a long report takes a while too: done here, only the tree goes back.
    if (parse) return { ok: true, ...stats, parsed: parseRectificationText(text, parse), ms: ms() };
    return { ok: true, ...stats, text, ms: ms() };
  } catch (err) {
    if (err instanceof DocumentReadError)
      return { ok: false, code: err.code, message: err.message };
    return { ok: false, code: null, message: err instanceof Error ? err.message : String(err) };
  }
}

const input = workerData as { kind: DocumentKind; bytes: Uint8Array; parse: ParseOptions | null };
void read(input.kind, input.bytes, input.parse).then((answer) => parentPort?.postMessage(answer));
