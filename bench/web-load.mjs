// `node bench/web-load.mjs [BASE_URL] [USERNAME] [PASSWORD]`: the web app's load figures
// (bench/lib/web-load.mjs) against an API already running with the built app (SERVE_WEB, e.g.
// `npm run build:web && npm start`), signed in as USERNAME [dept1] with PASSWORD [demo].
// `npm run bench` takes the same figures on its own filled stack.
//
//   WEB_LOAD_SAMPLES  [5] cold loads of the inbox

import { measureWebLoad } from './lib/web-load.mjs';

const [baseUrl = 'http://127.0.0.1:3000', username = 'dept1', password = 'demo'] =
  process.argv.slice(2);
const samples = Number(process.env.WEB_LOAD_SAMPLES ?? 5);

const res = await fetch(`${baseUrl}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json' },
  body: JSON.stringify({ username, password }),
});
if (!res.ok) {
  process.stderr.write(`signing in as ${username} answered ${res.status}: ${await res.text()}\n`);
  process.exit(2);
}
const answer = await res.json();
const figures = await measureWebLoad({
  baseUrl,
  session: { token: answer.accessToken, user: answer.user },
  samples,
});
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const { signIn, inbox } = figures;
process.stdout.write(
  [
    `sign-in page: ${kb(signIn.jsEncoded)} of JavaScript transferred (${kb(signIn.jsDecoded)} unpacked, ${signIn.jsFiles} files); ECharts ${signIn.echarts ? 'LOADED' : 'not loaded'}`,
    `inbox (${username}): ${kb(inbox.jsEncoded)} of JavaScript transferred before its rows (${kb(inbox.jsDecoded)} unpacked, ${inbox.jsFiles} files; ${kb(inbox.jsEncodedAtIdle)} once idle); ECharts ${inbox.echarts ? 'LOADED' : 'not loaded'}`,
    `inbox rows in the page after ${Math.round(inbox.firstRowMs)} ms (median of ${samples} cold loads: ${inbox.firstRowMsAll.join(', ')}); GET /api/inbox answered at ${Math.round(inbox.inboxAnsweredMs)} ms`,
    `GET /api/notifications per inbox load: ${inbox.notifications}`,
    '',
  ].join('\n'),
);
