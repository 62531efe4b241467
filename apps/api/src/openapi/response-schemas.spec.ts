import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../../..');

describe('response-schemas.json', () => {
  // The OpenAPI document's answer schemas are generated from libs/contracts; a contract type
  // changed without regenerating them would make the document lie.
  it('is what the contract types generate (npm run openapi:schemas)', () => {
    expect(() =>
      execFileSync(process.execPath, ['scripts/openapi-schemas.mjs', '--check'], {
        cwd: root,
        stdio: 'pipe',
      }),
    ).not.toThrow();
  }, 120_000);
});
