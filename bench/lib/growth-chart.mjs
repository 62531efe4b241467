// The growth curves as a PNG: echarts (the web app's charting library) renders an SVG on the
// server side, and Debian's Chromium (through playwright-core) rasterises it. No native
// dependency beyond the browser the browser tests already use.

import * as echarts from 'echarts';
import { launchChromium } from '../../scripts/chromium.cjs';

const WIDTH = 960;
const HEIGHT = 620;

/**
 * @param {{ title: string, subtitle: string, findings: number[], lines: { name: string, values: (number|null)[], dashed?: boolean, color?: string }[] }} chart
 *   one value per point of `chart.findings` for each line; a floor dashed, in its figure's colour
 * @returns {string} the SVG
 */
export function growthSvg({ title, subtitle, findings, lines }) {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: WIDTH,
    height: HEIGHT,
  });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    title: {
      text: title,
      subtext: `${subtitle}\ndashed: each figure's floor (its SQL through the driver; for the action, a trivial update)`,
      left: 'center',
      textStyle: { fontSize: 16 },
    },
    legend: {
      // The solid lines only: each dashed line is its figure's floor, in the same colour.
      data: lines.filter((l) => !l.dashed).map((l) => l.name),
      bottom: 6,
      left: 20,
      right: 20,
      itemWidth: 18,
      // Wide gaps: the server-side renderer measures the names narrower than Chromium draws them.
      itemGap: 24,
      textStyle: { fontSize: 11 },
    },
    grid: { left: 70, right: 60, top: 90, bottom: 100 },
    tooltip: { show: false },
    xAxis: {
      type: 'log',
      logBase: 10,
      name: 'findings in the read model (log)',
      nameLocation: 'middle',
      nameGap: 28,
      min: Math.min(...findings) * 0.8,
      max: Math.max(...findings) * 1.25,
      // Ticks and labels at the sizes measured, not at the powers of ten between them.
      axisTick: { customValues: findings },
      axisLabel: {
        customValues: findings,
        formatter: (v) => (v >= 1000 ? `${Math.round(v / 1000)}k` : String(v)),
      },
    },
    yAxis: { type: 'log', logBase: 10, name: 'ms (log)' },
    series: lines.map((l) => {
      const data = findings.map((n, i) => [n, l.values[i]]).filter(([, v]) => v !== null);
      return {
        name: l.name,
        type: 'line',
        symbolSize: l.dashed ? 4 : 7,
        itemStyle: l.color ? { color: l.color } : undefined,
        lineStyle: l.dashed ? { type: 'dashed', width: 1.2 } : { width: 2.5 },
        // The value at the largest size only, beside the line's end.
        label: {
          show: !l.dashed,
          position: 'right',
          fontSize: 10,
          formatter: (p) => (p.dataIndex === data.length - 1 ? `${p.value[1]}` : ''),
        },
        // End values close together are moved apart instead of printed over each other.
        labelLayout: { moveOverlap: 'shiftY' },
        data,
      };
    }),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** Rasterises the SVG into a PNG (a Chromium screenshot). */
export async function writeGrowthPng(svg, pngPath) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`,
    );
    await page.locator('svg').first().screenshot({ path: pngPath });
  } finally {
    await browser.close();
  }
}
