import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { EvidenceStore, sha256Of } from './evidence-store';

/**
 * Evidence in a folder (EVIDENCE_DIR, by default DATA_DIR/evidence, outside anything
 * served), one file per SHA-256. Written to a temporary name and renamed, so two replicas
 * storing the same bytes at once, or a crash mid-write, never leave half a file.
 */
export class LocalEvidenceStore extends EvidenceStore {
  constructor(private readonly root: string) {
    super();
  }

  pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Buffer): Promise<string> {
    const sha256 = sha256Of(bytes);
    const target = this.pathOf(sha256);
    try {
      await fs.access(target);
      return sha256;
    } catch {
      // not stored yet
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomUUID()}.tmp`;
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, target);
    return sha256;
  }

  read(sha256: string): Promise<Buffer> {
    return fs.readFile(this.pathOf(sha256));
  }
}
