// Reads .docx and .pdf files into text in a worker thread, one thread per document, so the
// calling process's event loop stays free (a 100-finding report takes a noticeable fraction of
// a second to unzip and parse, a large PDF seconds). Each thread has a memory ceiling and a time
// limit, and only a few run at once.

import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Semaphore } from 'async-mutex';
import type { ParseOptions, ParseResult } from '../types';
import { DocumentReadError, type DocumentErrorCode } from './document-errors';

export type DocumentKind = 'docx' | 'pdf';

/** What was read, besides the text or its parse. */
export interface DocumentStats {
  kind: DocumentKind;
  /** PDF: its pages. */
  pages?: number;
  /** DOCX: its paragraphs, and how many of them Word numbered automatically. */
  paragraphs?: number;
  numbered?: number;
  /** Time spent reading (and parsing) inside the worker. */
  ms: number;
}

export interface DocumentText extends DocumentStats {
  /** One paragraph a line, automatic list numbers written out. */
  text: string;
}

export interface ParsedReport extends DocumentStats {
  parsed: ParseResult;
}

/** What the worker posts back. */
export type WorkerAnswer =
  | ({ ok: true; pages?: number; paragraphs?: number; numbered?: number; ms: number } & (
      { text: string } | { parsed: ParseResult }
    ))
  | { ok: false; code: DocumentErrorCode | null; message: string };

type WorkerInput = { kind: DocumentKind; bytes: Uint8Array; parse: ParseOptions | null };

export interface DocumentReaderOptions {
  /** A document taking longer is given up (default 60 s). */
  timeoutMs?: number;
  /** Heap ceiling of each reading thread (default 512 MB): a zip bomb ends there. */
  maxMemoryMb?: number;
  /** Threads reading at once in this process (default 2); further documents wait their turn. */
  concurrency?: number;
}

const HERE = __dirname;
const COMPILED = __filename.endsWith('.js');

/**
 * Built code runs the compiled worker next to this file. From the TypeScript sources (jest,
 * `node -r ts-register`) the thread needs the same on-the-fly compiler the test tools use.
 */
function workerFor(
  workerData: WorkerInput,
  resourceLimits: { maxOldGenerationSizeMb: number },
): Worker {
  const transferList = [workerData.bytes.buffer as ArrayBuffer];
  if (COMPILED) {
    return new Worker(path.join(HERE, 'document-worker.js'), {
      workerData,
      transferList,
      resourceLimits,
    });
  }
  const register = path.resolve(HERE, '../../../../test/support/ts-register.cjs');
  const entry = path.join(HERE, 'document-worker.ts');
  return new Worker(`require(${JSON.stringify(register)}); require(${JSON.stringify(entry)});`, {
    eval: true,
    workerData,
    transferList,
    resourceLimits,
  });
}

export class DocumentReader {
  private readonly timeoutMs: number;
  private readonly maxMemoryMb: number;
  private readonly slots: Semaphore;

  constructor(options: DocumentReaderOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxMemoryMb = options.maxMemoryMb ?? 512;
    this.slots = new Semaphore(options.concurrency ?? 2);
  }

  /** The document's text; DocumentReadError when it cannot be read, saying why. */
  async read(kind: DocumentKind, bytes: Uint8Array): Promise<DocumentText> {
    const answer = await this.run({ kind, bytes: new Uint8Array(bytes), parse: null });
    if (!('text' in answer)) throw new Error('the document reader answered without the text');
    return answer;
  }

  /** The document parsed as a report of the genre, both in the thread. */
  async readReport(
    kind: DocumentKind,
    bytes: Uint8Array,
    options: ParseOptions = {},
  ): Promise<ParsedReport> {
    const answer = await this.run({ kind, bytes: new Uint8Array(bytes), parse: options });
    if (!('parsed' in answer)) throw new Error('the document reader answered without the parse');
    return answer;
  }

  /** `input.bytes` is a copy the thread can own: the caller's may be a slice of a shared pool. */
  private run(input: WorkerInput): Promise<DocumentText | ParsedReport> {
    return this.slots.runExclusive(() => this.readInThread(input));
  }

  private readInThread(input: WorkerInput): Promise<DocumentText | ParsedReport> {
    const { kind } = input;
    return new Promise<DocumentText | ParsedReport>((resolve, reject) => {
      const worker = workerFor(input, { maxOldGenerationSizeMb: this.maxMemoryMb });
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
        void worker.terminate();
      };
      const tooComplex = (why: string) =>
        new DocumentReadError('document_too_complex', `文件过大或过于复杂，无法读取（${why}）`);
      const timer = setTimeout(
        () => settle(() => reject(tooComplex(`超过 ${Math.round(this.timeoutMs / 1000)} 秒`))),
        this.timeoutMs,
      );
      worker.once('message', (answer: WorkerAnswer) =>
        settle(() => {
          if (answer.ok) {
            const { ok: _ok, ...rest } = answer;
            resolve({ kind, ...rest });
          } else if (answer.code) {
            reject(new DocumentReadError(answer.code, answer.message));
          } else {
            reject(new Error(`reading the ${kind} failed: ${answer.message}`));
          }
        }),
      );
      worker.once('error', (err: Error & { code?: string }) =>
        settle(() =>
          reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooComplex('内存不足') : err),
        ),
      );
      worker.once('exit', (code) =>
        settle(() => reject(new Error(`the document reader stopped (exit code ${code})`))),
      );
    });
  }
}
