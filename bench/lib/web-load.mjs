// The web app's load, measured in Debian's Chromium (playwright-core): what a signed-in person
// waits for when opening the app at its inbox, and what the sign-in page costs. Each sample is a
// new browser context (empty cache, as after a release: every bundle is new), so the bytes are
// those of a first visit. Used by bench/run.mjs and standalone by bench/web-load.mjs.

/* global document, localStorage, MutationObserver, window -- pageProbe and scriptsSoFar run in the page */
import { launchChromium } from '../../scripts/chromium.cjs';

/** Where apps/web/src/auth/session.tsx keeps the session (token and user). */
const SESSION_KEY = 'rectiflow.session';
/** The inbox's rows: table rows on a laptop, cards on a phone. */
const ROW = '.inbox-table .ant-table-row, .inbox-card';
/** The ECharts chunk's name (apps/web/vite.config.mts, codeSplitting group `vendor-echarts`). */
export const ECHARTS_CHUNK = /\/assets\/vendor-echarts-[^/]+\.js$/;
export const NOTIFICATIONS = /\/api\/notifications(\?|$)/;

/**
 * Runs in the page before any of its scripts: puts the session where the app reads it (when
 * given) and notes the moment the first inbox row enters the document.
 */
function pageProbe({ key, value, row }) {
  if (value) localStorage.setItem(key, value);
  const observer = new MutationObserver(() => {
    if (window.__firstRowAt === undefined && document.querySelector(row)) {
      window.__firstRowAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

/** The JavaScript the page has fetched so far, from Resource Timing (same origin: sizes known). */
function scriptsSoFar() {
  const js = performance
    .getEntriesByType('resource')
    .filter((e) => /\.js(\?|$)/.test(new URL(e.name).pathname));
  const inbox = performance
    .getEntriesByType('resource')
    .find((e) => /\/api\/inbox(\?|$)/.test(new URL(e.name).pathname + new URL(e.name).search));
  return {
    files: js.length,
    // encodedBodySize: the body as it crossed the wire (compressed when the server compressed it).
    encoded: js.reduce((n, e) => n + e.encodedBodySize, 0),
    decoded: js.reduce((n, e) => n + e.decodedBodySize, 0),
    inboxAnsweredAt: inbox ? inbox.responseEnd : null,
    firstRowAt: window.__firstRowAt ?? null,
  };
}

/**
 * One cold load of `path`, signed in as `session` (or not), until `ready` is visible.
 * @returns the JavaScript fetched by then, the moment the first inbox row appeared, the inbox
 *   answer's arrival, and every request made until the network was quiet.
 */
async function coldLoad(browser, baseUrl, path, { session = null, ready }) {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 860 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    reducedMotion: 'reduce',
  });
  try {
    context.setDefaultTimeout(60_000);
    await context.addInitScript(pageProbe, {
      key: SESSION_KEY,
      value: session ? JSON.stringify(session) : null,
      row: ROW,
    });
    const page = await context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${baseUrl}${path}`);
    await page.locator(ready).first().waitFor();
    const atReady = await page.evaluate(scriptsSoFar);
    // What else the page loads once shown (nothing, ideally); bounded, never a hang.
    await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
    const atIdle = await page.evaluate(scriptsSoFar);
    if (errors.length) throw new Error(`${path}: page errors: ${errors.join('; ')}`);
    return { atReady, atIdle, requests };
  } finally {
    await context.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};

/**
 * The figures of issue 19 item 4, from `samples` cold loads of the inbox (signed in as
 * `session`: `{ token, user }` as POST /api/auth/login answers them) and one of the sign-in page.
 */
export async function measureWebLoad({ baseUrl, session, samples = 5 }) {
  const browser = await launchChromium();
  try {
    const signIn = await coldLoad(browser, baseUrl, '/login', { ready: '.login-card input' });
    // One load not counted: the API's first answers of each kind (statements prepared, caches).
    await coldLoad(browser, baseUrl, '/', { session, ready: ROW });
    const inbox = [];
    for (let i = 0; i < samples; i++)
      inbox.push(await coldLoad(browser, baseUrl, '/', { session, ready: ROW }));
    const first = inbox[0];
    return {
      samples,
      signIn: {
        jsEncoded: signIn.atReady.encoded,
        jsDecoded: signIn.atReady.decoded,
        jsFiles: signIn.atReady.files,
        echarts: signIn.requests.some((u) => ECHARTS_CHUNK.test(u)),
      },
      inbox: {
        // Bytes are the same every sample (same build, empty cache): the first one's.
        jsEncoded: first.atReady.encoded,
        jsDecoded: first.atReady.decoded,
        jsFiles: first.atReady.files,
        jsEncodedAtIdle: first.atIdle.encoded,
        firstRowMs: median(inbox.map((s) => s.atReady.firstRowAt)),
        firstRowMsAll: inbox.map((s) => Math.round(s.atReady.firstRowAt)),
        inboxAnsweredMs: median(inbox.map((s) => s.atReady.inboxAnsweredAt)),
        echarts: inbox.some((s) => s.requests.some((u) => ECHARTS_CHUNK.test(u))),
        notifications: Math.max(
          ...inbox.map((s) => s.requests.filter((u) => NOTIFICATIONS.test(u)).length),
        ),
      },
    };
  } finally {
    await browser.close();
  }
}
