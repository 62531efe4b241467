// ECharts through echarts-for-react, with only the chart kinds the dashboard draws registered
// (the full bundle is several times larger).
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { BarChart, PieChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

echarts.use([
  BarChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  AriaComponent,
  CanvasRenderer,
]);

const reducedMotion = () =>
  typeof window !== 'undefined' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** A chart with a text label for screen readers (the numbers are also in a table beside it). */
export function Chart({
  option,
  height = 300,
  label,
}: {
  option: EChartsOption;
  height?: number;
  label: string;
}) {
  // People who asked their system for less motion get charts without animation.
  const merged: EChartsOption = { aria: { enabled: true }, animation: !reducedMotion(), ...option };
  return (
    <div role="img" aria-label={label} className="chart">
      <ReactEChartsCore echarts={echarts} option={merged} style={{ height }} notMerge lazyUpdate />
    </div>
  );
}
