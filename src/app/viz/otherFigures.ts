/** Values of 1-D tensors, histograms and first-layer kernels as colour images. */
import type { HistogramView, RgbView, VectorView } from '../../workers/viewTypes';
import { ACCENT, GAP_BG, axis, baseLayout, type Figure } from './figureBase';

/** Bars while each one is a value and there are few enough to see; a line otherwise. */
const MAX_BARS = 256;

export function vectorFigure(v: VectorView, revision: string): Figure {
  const n = v.values.length;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = v.x0 + i * v.dx;
  const bars = v.block === 1 && n <= MAX_BARS;
  const trace = bars
    ? { type: 'bar', x, y: v.values, marker: { color: ACCENT }, hoverinfo: 'none' }
    : { type: 'scatter', mode: 'lines', x, y: v.values, line: { color: ACCENT, width: 1.2 }, hoverinfo: 'none' };
  return {
    revision,
    data: [trace],
    layout: baseLayout(revision, {
      bargap: n > 64 ? 0 : 0.15,
      xaxis: axis(`${v.axisNames[0] ?? 'index'} (${v.length})`, { zeroline: false }),
      yaxis: axis(v.block > 1 ? 'value (per block)' : 'value', { zeroline: true, zerolinecolor: '#c9ced6', showgrid: true, gridcolor: '#eef0f3' }),
    }),
  };
}

export function histogramFigure(v: HistogramView, logCount: boolean, revision: string): Figure {
  const bins = v.counts.length;
  const x = new Float64Array(bins), width = new Float64Array(bins);
  let top = 1;
  for (let i = 0; i < bins; i++) { x[i] = (v.edges[i] + v.edges[i + 1]) / 2; width[i] = v.edges[i + 1] - v.edges[i]; top = Math.max(top, v.counts[i]); }
  // On a log axis the bars start below 1, so a bin holding one value still shows.
  const logRange = [Math.log10(0.5), Math.log10(top) + 0.08];
  return {
    revision,
    data: [{ type: 'bar', x, y: v.counts, width, marker: { color: ACCENT, line: { width: 0 } }, hoverinfo: 'none' }],
    layout: baseLayout(revision, {
      bargap: 0,
      xaxis: axis('value', { zeroline: true, zerolinecolor: '#c9ced6' }),
      yaxis: axis(logCount ? 'count (log)' : 'count', { type: logCount ? 'log' : 'linear', showgrid: true, gridcolor: '#eef0f3', ...(logCount ? { range: logRange } : {}) }),
    }),
  };
}

export function rgbFigure(v: RgbView, revision: string): Figure {
  const z = new Array<number[][]>(v.height);
  for (let r = 0; r < v.height; r++) {
    const row = new Array<number[]>(v.width);
    for (let c = 0; c < v.width; c++) {
      const o = (r * v.width + c) * 4;
      row[c] = [v.rgba[o], v.rgba[o + 1], v.rgba[o + 2], v.rgba[o + 3] / 255];
    }
    z[r] = row;
  }
  return {
    revision,
    data: [{ type: 'image', z, colormodel: 'rgba', hoverinfo: 'none' }],
    layout: baseLayout(revision, {
      // The same margins as the kernel mosaic: plotSize gives both the same chrome.
      margin: { l: 60, r: 62, t: 6, b: 42 },
      plot_bgcolor: GAP_BG,
      xaxis: axis(`${v.filters} filters, ${v.perRow} per row · ${v.tileH}×${v.tileW}`, { showticklabels: false, ticks: '' }),
      yaxis: axis('', { showticklabels: false, ticks: '', scaleanchor: 'x', autorange: 'reversed' }),
    }),
  };
}
