import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { chartNumber } from '../lib/decimal';

// Only what the bar charts use, so the bundle carries no more of Chart.js than that.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
Chart.defaults.color = '#1f2933';

export interface BarSeries {
  label: string;
  /** Decimal strings (exact); drawn to scale, shown in tooltips as `format` writes them. */
  values: string[];
  colour: string | string[];
}

export interface BarChartProps {
  /** What the chart shows, for screen readers (the table beside it gives the figures). */
  summary: string;
  labels: string[];
  series: BarSeries[];
  horizontal?: boolean;
  stacked?: boolean;
  legend?: boolean;
  height: number;
  format: (value: string, series: number) => string;
  /** Labels of the value axis (its ticks are the chart's own round numbers). */
  tick?: (value: number) => string;
  id: string;
}

/** A Chart.js bar chart: drawn once per change of data, without animation (steady for screenshots, kind to motion). */
export function BarChart(props: BarChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  const key = JSON.stringify([props.labels, props.series, props.horizontal, props.stacked]);
  const format = useRef(props.format);
  format.current = props.format;
  const tick = useRef(props.tick);
  tick.current = props.tick;

  useEffect(() => {
    if (!canvas.current) return;
    const series = props.series;
    const valueTick = (value: string | number) => (tick.current && typeof value === 'number' ? tick.current(value) : String(value));
    const config: ChartConfiguration<'bar', number[], string> = {
      type: 'bar',
      data: {
        labels: props.labels,
        datasets: series.map((s) => ({
          label: s.label,
          data: s.values.map(chartNumber),
          backgroundColor: s.colour,
          borderWidth: 0,
          borderRadius: 3,
          maxBarThickness: 28,
        })),
      },
      options: {
        indexAxis: props.horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: props.legend ?? series.length > 1, position: 'bottom' },
          tooltip: {
            callbacks: {
              label: (item) => `${series[item.datasetIndex].label}: ${format.current(series[item.datasetIndex].values[item.dataIndex], item.datasetIndex)}`,
            },
          },
        },
        scales: {
          x: {
            stacked: props.stacked,
            beginAtZero: true,
            grid: { display: !props.horizontal },
            ticks: props.horizontal ? { precision: 0, callback: valueTick } : { autoSkip: false, maxRotation: 40 },
          },
          y: { stacked: props.stacked, beginAtZero: true, ticks: props.horizontal ? { autoSkip: false } : { precision: 0, callback: valueTick } },
        },
      },
    };
    chart.current?.destroy();
    chart.current = new Chart(canvas.current, config);
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
    // Redrawn when the data (key) changes; props are read through it.
  }, [key]);

  return (
    <div class="chart" style={{ height: `${props.height}px` }}>
      <canvas ref={canvas} role="img" aria-label={props.summary} id={props.id} data-chart={props.id}>
        {props.summary}
      </canvas>
    </div>
  );
}
