// Growth curves (issue 19, items 1 and 6): the inbox, dashboard and action figures measured at
// several read-model sizes in one run. Between sizes the read model grows by SQL
// (bench/lib/growth-fill.mjs); at each size the inbox and dashboard answers are measured
// against their own SQL through the driver, and the action on real workflows (findings the
// bench imported through the API, acted on as in the action figure). Writes the series for
// bench/results.json and a PNG chart (bench/growth.png).

import path from 'node:path';
import { measureDashboards, measureInboxP95 } from './dashboard-bench.mjs';
import { growReadModel } from './growth-fill.mjs';
import { growthSvg, writeGrowthPng } from './growth-chart.mjs';
import { round } from './stats.mjs';

export const FULL_RUN_SIZES = [10_000, 30_000, 100_000];

/**
 * Takes `--sizes 10000,30000` (or `--sizes=…`) out of the arguments.
 * @returns {{ sizes: number[] | null, rest: string[] }}
 */
export function parseSizes(argv) {
  const rest = [];
  let sizes = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    let value = null;
    if (a === '--sizes') value = argv[++i] ?? '';
    else if (a.startsWith('--sizes=')) value = a.slice('--sizes='.length);
    else {
      rest.push(a);
      continue;
    }
    sizes = value.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
    if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
      process.stderr.write(`--sizes takes finding counts separated by commas, not "${value}"\n`);
      process.exit(2);
    }
    sizes.sort((x, y) => x - y);
  }
  return { sizes, rest };
}

/**
 * @param {object} o
 * @param {number[]} o.sizes findings in the read model at each step
 * @param {import('./http.mjs').Api} o.api
 * @param {string} o.dataDir
 * @param {string} o.sqliteFile
 * @param {object} o.inboxActor dept1 as InboxService takes it
 * @param {() => Promise<{ p50: number, floorP50: number, n: number }>} o.action
 * @param {(msg: string) => void} o.log
 * @param {{ inbox: number, dashboard: number }} o.samples
 * @param {(queries: object[], floor: object) => Promise<{ p95: number, floorP95: number, samples: number }>} [o.bareInbox]
 *   the bare HTTP reference over the inbox's SQL, measured at the largest size only
 * @param {{ k: number }} [o.largestAction] completions of each kind at the largest size (more
 *   than the other sizes': its figure is checked against a goal)
 */
export async function runGrowth({
  sizes,
  api,
  dataDir,
  sqliteFile,
  inboxActor,
  action,
  log,
  samples,
  bareInbox,
  largestAction,
}) {
  const series = [];
  for (const [i, size] of sizes.entries()) {
    const largest = i === sizes.length - 1;
    const fill = growReadModel(sqliteFile, size);
    log(
      `growth ${size}: ${fill.added} findings added by SQL in ${round(fill.ms / 1000, 1)} s (${fill.findings} findings, ${fill.tasks} task rows)`,
    );
    const inbox = await measureInboxP95({
      api,
      dataDir,
      sqliteFile,
      as: 'dept1',
      actor: inboxActor,
      samples: samples.inbox,
      bare: largest ? bareInbox : undefined,
    });
    log(
      `growth ${fill.findings}: inbox p95 ${round(inbox.p95)} ms (floor ${round(inbox.floorP95)})`,
    );
    const dashboards = await measureDashboards({
      api,
      dataDir,
      sqliteFile,
      samples: samples.dashboard,
    });
    for (const d of dashboards)
      log(
        `growth ${fill.findings}: dashboard ${d.key} p95 ${round(d.p95)} ms (floor ${round(d.floorP95)}, ${d.total} findings)`,
      );
    const act = await action(largest ? largestAction : undefined);
    log(`growth ${fill.findings}: action p50 ${round(act.p50)} ms (floor ${round(act.floorP50)})`);
    series.push({
      findings: fill.findings,
      taskRows: fill.tasks,
      addedBySql: fill.added,
      fillS: round(fill.ms / 1000, 1),
      inbox: {
        p95: round(inbox.p95),
        floorP95: round(inbox.floorP95),
        open: inbox.total,
        bare: inbox.bare
          ? {
              p95: round(inbox.bare.p95),
              floorP95: round(inbox.bare.floorP95),
              samples: inbox.bare.samples,
            }
          : undefined,
      },
      dashboard: Object.fromEntries(
        dashboards.map((d) => [
          d.key,
          {
            label: d.label,
            p95: round(d.p95),
            floorP95: round(d.floorP95),
            counted: d.total,
            queries: d.queries,
            samples: d.samples,
          },
        ]),
      ),
      action: { p50: round(act.p50), floorP50: round(act.floorP50), completions: act.n },
    });
  }
  return series;
}

/** Renders the series into `pngPath`. */
export async function chartGrowth(series, pngPath, subtitle) {
  const findings = series.map((s) => s.findings);
  const keys = Object.keys(series[0].dashboard);
  const colors = ['#5470c6', '#ee6666', '#fac858', '#73c0de', '#3ba272', '#9a60b4'];
  const pair = (name, color, values, floors) => [
    { name, color, values },
    { name: `${name}, SQL floor`, color, values: floors, dashed: true },
  ];
  const lines = [
    ...pair(
      'inbox p95',
      colors[0],
      series.map((s) => s.inbox.p95),
      series.map((s) => s.inbox.floorP95),
    ),
    ...keys.flatMap((k, i) =>
      pair(
        `dashboard p95 (${k})`,
        colors[1 + (i % 4)],
        series.map((s) => s.dashboard[k]?.p95 ?? null),
        series.map((s) => s.dashboard[k]?.floorP95 ?? null),
      ),
    ),
    { name: 'action p50', color: colors[5], values: series.map((s) => s.action.p50) },
    {
      name: 'action p50, update floor',
      color: colors[5],
      values: series.map((s) => s.action.floorP50),
      dashed: true,
    },
  ];
  const svg = growthSvg({
    title: 'rectiflow: figures as the read model grows',
    subtitle,
    findings,
    lines,
  });
  await writeGrowthPng(svg, pngPath);
  return path.basename(pngPath);
}
