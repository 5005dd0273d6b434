/**
 * What the cell under the pointer is: its index in the displayed tensor (or the block of indices
 * a reduced cell stands for) and its value. Pure: the plot passes plotly's point, we answer.
 */
import type { HeatmapView, HistogramView, KernelView, RgbView, VectorView, ViewResult } from '../../workers/viewTypes';
import { formatInt, formatNumber } from '../lib/format';

export interface Readout {
  /** one line: "O 3 · I 0 · H 2 · W 4" */
  where: string;
  /** "0.01234", "max |value| 0.9", "count 12" */
  what: string;
  /** the full index in the displayed layout, when the cell is one element */
  index?: number[];
  value?: number;
}

/** plotly's pointNumber: [row, col] for heatmaps and images, an index for bars and lines. */
export type PointNumber = number | [number, number];

export function readout(v: ViewResult, p: PointNumber, reduce: 'maxabs' | 'mean'): Readout | null {
  switch (v.kind) {
    case 'grid': return gridReadout(v, p as [number, number], reduce);
    case 'kernels': return kernelReadout(v, p as [number, number], reduce);
    case 'vector': return vectorReadout(v, p as number, reduce);
    case 'histogram': return histogramReadout(v, p as number);
    case 'rgb': return rgbReadout(v, p as [number, number]);
  }
}

const reduced = (reduce: 'maxabs' | 'mean'): string => (reduce === 'maxabs' ? 'max |value|' : 'mean');
const span = (a: number, n: number, end: number): string => (n <= 1 ? String(a) : `${a}–${Math.min(end, a + n) - 1}`);

function gridReadout(v: HeatmapView, [r, c]: [number, number], reduce: 'maxabs' | 'mean'): Readout | null {
  const g = v.grid;
  if (r < 0 || c < 0 || r >= g.rows || c >= g.cols) return null;
  const value = g.values[r * g.cols + c];
  const row = g.area.r0 + r * g.blockRows, col = g.area.c0 + c * g.blockCols;
  // Every axis in the tensor's order: the plane's two (a block of them when reduced) and the fixed ones.
  const where = v.shape.map((_, d) => {
    if (d === v.rowAxis) return `${v.axisNames[d]} ${span(row, g.blockRows, g.area.r1)}`;
    if (d === v.colAxis) return `${v.axisNames[d]} ${span(col, g.blockCols, g.area.c1)}`;
    return `${v.axisNames[d]} ${v.fixed[d]}`;
  }).join(' · ');
  if (g.blockRows > 1 || g.blockCols > 1) return { where, what: `${reduced(reduce)} ${formatNumber(value)}`, value };
  const index = v.fixed.slice();
  index[v.rowAxis] = row;
  index[v.colAxis] = col;
  return { where, what: formatNumber(value), index, value };
}

function kernelReadout(v: KernelView, [r, c]: [number, number], reduce: 'maxabs' | 'mean'): Readout | null {
  const g = v.grid, t = v.tiles, n = v.axisNames;
  if (r < 0 || c < 0 || r >= g.rows || c >= g.cols) return null;
  const value = g.values[r * g.cols + c];
  const ph = t.tileH + t.gap, pw = t.tileW + t.gap;
  if (t.perKernel) {
    const gr = Math.round(g.area.r0 / ph) + r * g.blockRows, gc = Math.round(g.area.c0 / pw) + c * g.blockCols;
    if (t.filter) return { where: `${n[t.filter.axis]} ${t.filter.index} · ${n[t.colAxis]} ${gr * t.gridCols + gc}`, what: `whole kernel, ${reduced(reduce)} ${formatNumber(value)}`, value };
    const where = `${n[t.rowAxis]} ${span(gr, g.blockRows, t.gridRows)} · ${n[t.colAxis]} ${span(gc, g.blockCols, t.gridCols)}`;
    return { where, what: `${g.blockRows * g.blockCols > 1 ? 'kernels' : 'whole kernel'}, ${reduced(reduce)} ${formatNumber(value)}`, value };
  }
  const row = g.area.r0 + r, col = g.area.c0 + c;
  const gr = Math.floor(row / ph), y = row % ph, gc = Math.floor(col / pw), x = col % pw;
  if (y >= t.tileH || x >= t.tileW || Number.isNaN(value)) return null;
  const index = v.shape.map(() => 0);
  if (t.filter) {
    index[t.filter.axis] = t.filter.index;
    index[t.colAxis] = gr * t.gridCols + gc;
  } else {
    index[t.rowAxis] = gr;
    index[t.colAxis] = gc;
  }
  if (t.hAxis >= 0) index[t.hAxis] = y;
  index[t.wAxis] = x;
  return { where: index.map((k, d) => `${n[d]} ${k}`).join(' · '), what: formatNumber(value), index, value };
}

function vectorReadout(v: VectorView, i: number, reduce: 'maxabs' | 'mean'): Readout | null {
  if (i < 0 || i >= v.values.length) return null;
  const value = v.values[i];
  const at = v.area.c0 + i * v.block;
  const name = v.axisNames[0] ?? 'index';
  if (v.block > 1) return { where: `${name} ${span(at, v.block, v.area.c1)}`, what: `${reduced(reduce)} ${formatNumber(value)}`, value };
  return { where: `${name} ${at}`, what: formatNumber(value), index: [at], value };
}

function histogramReadout(v: HistogramView, i: number): Readout | null {
  if (i < 0 || i >= v.counts.length) return null;
  const last = i === v.counts.length - 1;
  return { where: `[${formatNumber(v.edges[i], 4)}, ${formatNumber(v.edges[i + 1], 4)}${last ? ']' : ')'}`, what: `${formatInt(v.counts[i])} values`, value: v.counts[i] };
}

function rgbReadout(v: RgbView, [r, c]: [number, number]): Readout | null {
  const ph = v.tileH + v.gap, pw = v.tileW + v.gap;
  const y = r % ph, x = c % pw;
  const f = Math.floor(r / ph) * v.perRow + Math.floor(c / pw);
  if (y >= v.tileH || x >= v.tileW || f >= v.filters) return null;
  const o = (r * v.width + c) * 4;
  const rgb = [0, 1, 2].map((k) => (v.rgba[o + k] / 255).toFixed(2)).join(', ');
  return { where: `${v.axisNames[v.outAxis] ?? 'filter'} ${f} · ${y}, ${x}`, what: `RGB ${rgb} (normalised)` };
}
