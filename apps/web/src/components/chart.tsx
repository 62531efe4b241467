// ECharts through echarts-for-react, with only the chart kinds the dashboard draws registered
// (the full bundle is several times larger).
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
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
  LineChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  AriaComponent,
  CanvasRenderer,
]);

const reducedMotion = () =>
  typeof window !== 'undefined' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** What ECharts tells about a click on a bar or a slice. */
export interface ChartClick {
  seriesIndex?: number;
  dataIndex: number;
  name: string;
}

/**
 * A chart with a text label for screen readers (the numbers are also in a table beside it).
 * `onItemClick` makes bars and slices clickable (the dashboard drills down to the findings
 * behind them; the table beside the chart offers the same links to keyboards).
 */
export function Chart({
  option,
  height = 300,
  label,
  onItemClick,
  testId,
}: {
  option: EChartsOption;
  height?: number;
  label: string;
  onItemClick?: (e: ChartClick) => void;
  testId?: string;
}) {
  // People who asked their system for less motion get charts without animation.
  const merged: EChartsOption = { aria: { enabled: true }, animation: !reducedMotion(), ...option };
  return (
    <div role="img" aria-label={label} className="chart" data-testid={testId}>
      <ReactEChartsCore
        echarts={echarts}
        option={merged}
        style={{ height, cursor: onItemClick ? 'pointer' : undefined }}
        notMerge
        lazyUpdate
        onEvents={onItemClick ? { click: (e: ChartClick) => onItemClick(e) } : undefined}
      />
    </div>
  );
}
