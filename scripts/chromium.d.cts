// Types of chromium.cjs, for the browser tests' TypeScript.
import type { Browser } from 'playwright-core';

export declare const CHROMIUM_PATH: string;
export declare function launchChromium(): Promise<Browser>;
