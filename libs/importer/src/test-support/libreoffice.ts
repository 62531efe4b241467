// Test helpers only: .docx → .pdf with LibreOffice (Debian: libreoffice-writer-nogui), the way an
// office saves a report as PDF. CI installs it and sets RECTIFLOW_REQUIRE_LIBREOFFICE=1, so a
// missing LibreOffice fails there instead of skipping.

import { execFile } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { promisify } from 'util';

const run = promisify(execFile);

export async function libreOfficeAvailable(): Promise<boolean> {
  try {
    await run('soffice', ['--version'], { timeout: 60_000 });
    return true;
  } catch {
    if (process.env.RECTIFLOW_REQUIRE_LIBREOFFICE === '1') {
      throw new Error(
        'LibreOffice (soffice) is required here: apt-get install libreoffice-writer-nogui',
      );
    }
    return false;
  }
}

/** Converts every document in one LibreOffice run (its start-up is the slow part). */
export async function docxToPdf(documents: Map<string, Buffer>): Promise<Map<string, Buffer>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rectiflow-lo-'));
  try {
    const files = [...documents].map(([name, bytes]) => {
      const file = path.join(dir, `${name}.docx`);
      writeFileSync(file, bytes);
      return file;
    });
    await run(
      'soffice',
      [
        '--headless',
        '--norestore',
        // A profile of its own: a desktop LibreOffice open at the same time would take the job.
        `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        ...files,
      ],
      { timeout: 180_000 },
    );
    return new Map(
      [...documents.keys()].map((name) => [name, readFileSync(path.join(dir, `${name}.pdf`))]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
