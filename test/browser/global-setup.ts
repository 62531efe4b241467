import * as fs from 'node:fs';
import sharedGlobalSetup from '../global-setup';
import { buildWeb } from '../support/web-build';
import { CHROMIUM_PATH } from './support/browser';

/**
 * Builds the web app the stacks serve, checks Chromium is there, then starts Temporal like the
 * e2e setup. RECTIFLOW_WEB_PREBUILT=1 reuses an existing dist/web while iterating on the tests.
 */
export default async function browserGlobalSetup(): Promise<void> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium (.ci/run does this)`);
  }
  buildWeb({ onlyIfMissing: process.env.RECTIFLOW_WEB_PREBUILT === '1' });
  await sharedGlobalSetup();
}
