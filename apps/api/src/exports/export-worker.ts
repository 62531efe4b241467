// Runs in a worker thread of the export pool (export-pool.ts), never on the API's event loop:
// one ExportJob in, the file's bytes out, their ArrayBuffer moved (not copied) back.
import { move } from 'piscina';
import { buildExport, type ExportJob } from '@rectiflow/reports';

export default async function build(job: ExportJob): Promise<ArrayBuffer> {
  const bytes = await buildExport(job);
  // A small Buffer may sit in Node's shared pool; only a buffer of its own can be moved.
  const own =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : new Uint8Array(bytes).buffer;
  return move(own) as ArrayBuffer;
}
