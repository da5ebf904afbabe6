/**
 * SVG charts of the growth curves (bench/results/growth.json) for docs/bench/: log-log axes, one
 * line per series, a dotted "linear" guide where the expected shape is linear. A small writer of
 * plain SVG, so the charts render on GitHub with no script and no dependency.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GrowthPoint, GrowthResult } from './suites/growth.bench';

interface Series {
  name: string;
  color: string;
  values: [number, number][];
  dashed?: boolean;
}

const WIDTH = 720;
const HEIGHT = 420;
const PAD = { left: 72, right: 200, top: 40, bottom: 56 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function ticks(min: number, max: number): number[] {
  const result: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) result.push(10 ** e);
  return result;
}

function tickLabel(value: number): string {
  if (value >= 1e6) return `${value / 1e6}M`;
  if (value >= 1e3) return `${value / 1e3}k`;
  return value >= 1 ? String(value) : value.toPrecision(1);
}

/** One log-log line chart. */
export function lineChart(title: string, xLabel: string, yLabel: string, series: Series[]): string {
  const points = series.flatMap((s) => s.values).filter(([x, y]) => x > 0 && y > 0);
  const xs = ticks(Math.min(...points.map(([x]) => x)), Math.max(...points.map(([x]) => x)));
  const ys = ticks(Math.min(...points.map(([, y]) => y)), Math.max(...points.map(([, y]) => y)));
  const [x0, x1] = [Math.log10(xs[0]), Math.log10(xs[xs.length - 1])];
  const [y0, y1] = [Math.log10(ys[0]), Math.log10(ys[ys.length - 1]) === Math.log10(ys[0]) ? Math.log10(ys[0]) + 1 : Math.log10(ys[ys.length - 1])];
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const px = (x: number) => PAD.left + ((Math.log10(x) - x0) / (x1 - x0 || 1)) * plotW;
  const py = (y: number) => PAD.top + plotH - ((Math.log10(y) - y0) / (y1 - y0 || 1)) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${PAD.left}" y="22" font-size="15" font-weight="bold">${escape(title)}</text>`,
  ];
  for (const x of xs) {
    out.push(`<line x1="${px(x)}" y1="${PAD.top}" x2="${px(x)}" y2="${PAD.top + plotH}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${px(x)}" y="${PAD.top + plotH + 18}" text-anchor="middle">${tickLabel(x)}</text>`);
  }
  for (const y of ys) {
    out.push(`<line x1="${PAD.left}" y1="${py(y)}" x2="${PAD.left + plotW}" y2="${py(y)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${PAD.left - 6}" y="${py(y) + 4}" text-anchor="end">${tickLabel(y)}</text>`);
  }
  out.push(`<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${PAD.left + plotW / 2}" y="${HEIGHT - 14}" text-anchor="middle">${escape(xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(yLabel)}</text>`);
  series.forEach((s, i) => {
    const values = s.values.filter(([x, y]) => x > 0 && y > 0);
    const path = values.map(([x, y], k) => `${k ? 'L' : 'M'}${px(x).toFixed(1)} ${py(y).toFixed(1)}`).join(' ');
    out.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="3 4"' : ''}/>`);
    if (!s.dashed) for (const [x, y] of values) out.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3.5" fill="${s.color}"/>`);
    const ly = PAD.top + 8 + i * 20;
    out.push(`<line x1="${PAD.left + plotW + 14}" y1="${ly}" x2="${PAD.left + plotW + 34}" y2="${ly}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="3 4"' : ''}/>`);
    out.push(`<text x="${PAD.left + plotW + 40}" y="${ly + 4}">${escape(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** A dotted guide through the first point of `values`, proportional to x (what "linear" looks like). */
function linearGuide(name: string, values: [number, number][]): Series {
  const [x, y] = values[0];
  return { name, color: '#999', dashed: true, values: values.map(([vx]) => [vx, (y * vx) / x]) };
}

const series = (points: GrowthPoint[], pick: (p: GrowthPoint) => number): [number, number][] => points.map((p) => [p.events, pick(p)]);

/** Writes the growth charts; returns their paths relative to the repository root. */
export function writeGrowthCharts(root: string, result: GrowthResult): string[] {
  const dir = join(root, 'docs', 'bench');
  mkdirSync(dir, { recursive: true });
  const p = result.points;
  const xLabel = 'events in the log (log scale)';
  const charts: [string, string][] = [
    [
      'growth-latency.svg',
      lineChart('Appends and point queries as the log grows (flat is right)', xLabel, 'milliseconds (log scale)', [
        { name: 'durable append, median', color: COLORS[0], values: series(p, (x) => x.appendP50Ms) },
        { name: 'durable append, p99', color: COLORS[1], values: series(p, (x) => x.appendP99Ms) },
        { name: 'stream read, median', color: COLORS[2], values: series(p, (x) => x.streamReadP50Ms) },
        { name: 'stream read after the appends, median', color: COLORS[5], values: series(p, (x) => x.streamReadAfterAppendP50Ms) },
        { name: 'commitment by id, median', color: COLORS[3], values: series(p, (x) => x.commitmentQueryP50Ms) },
        { name: 'commitment by id, p99', color: COLORS[4], values: series(p, (x) => x.commitmentQueryP99Ms) },
      ]),
    ],
    [
      'growth-time.svg',
      lineChart('Whole-log work as the log grows (linear is right)', xLabel, 'seconds (log scale)', [
        { name: 'rebuild read models', color: COLORS[0], values: series(p, (x) => x.rebuildSeconds) },
        { name: 'verify whole log', color: COLORS[1], values: series(p, (x) => x.verifySeconds) },
        { name: 'append all (cumulative)', color: COLORS[2], values: series(p, (x) => x.appendSeconds) },
        linearGuide('linear (from rebuild)', series(p, (x) => x.rebuildSeconds)),
      ]),
    ],
    [
      'growth-memory.svg',
      lineChart('Memory of the process as the log grows', xLabel, 'MiB (log scale)', [
        { name: 'RSS after the step', color: COLORS[0], values: series(p, (x) => x.rssMiB) },
        { name: 'peak RSS (rebuild/verify)', color: COLORS[1], values: series(p, (x) => x.peakRssMiB) },
        { name: 'JS heap after GC', color: COLORS[2], values: series(p, (x) => x.heapMiB) },
      ]),
    ],
  ];
  for (const [file, svg] of charts) writeFileSync(join(dir, file), svg);
  return charts.map(([file]) => `docs/bench/${file}`);
}
