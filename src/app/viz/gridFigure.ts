/**
 * Heatmap figures for 2-D planes and kernel mosaics. Cells sit at their plot coordinates (x0 + i·dx),
 * so a zoom range is a range of source rows/cols whatever the downsampling, and NaN cells (the
 * gaps between kernel tiles) are left transparent over a grey background.
 */
import type { PlotData } from 'plotly.js-cartesian-dist-min';
import type { HeatmapView, KernelView, PlotGrid, TileLayout } from '../../workers/viewTypes';
import { colorscale, type ColormapId } from './colormaps';
import { GAP_BG, axis, baseLayout, rowsOf, type Figure } from './figureBase';

/** Room on the right for the colour bar, so plotly never has to grow the margin and lay out again. */
const COLORBAR_MARGIN = { l: 60, r: 62, t: 6, b: 42 };

export interface ColorOptions { cmap: ColormapId; domain: [number, number] }

function heatTrace(g: PlotGrid, c: ColorOptions): PlotData {
  return {
    type: 'heatmap',
    z: rowsOf(g.values, g.rows, g.cols),
    x0: g.x0, dx: g.dx, y0: g.y0, dy: g.dy,
    zmin: c.domain[0], zmax: c.domain[1], zauto: false,
    colorscale: colorscale(c.cmap),
    hoverongaps: false,
    hoverinfo: 'none',
    colorbar: { thickness: 10, outlinewidth: 0, len: 1, tickfont: { size: 10 }, x: 1, xanchor: 'left', xpad: 6, ypad: 0 },
  };
}

export function heatmapFigure(v: HeatmapView, c: ColorOptions, revision: string): Figure {
  const g = v.grid;
  return {
    revision,
    data: [heatTrace(g, c)],
    layout: baseLayout(revision, {
      margin: COLORBAR_MARGIN,
      xaxis: axis(`${v.axisNames[v.colAxis]} (${v.shape[v.colAxis]})`, { range: undefined, constrain: 'domain' }),
      yaxis: axis(`${v.axisNames[v.rowAxis]} (${v.shape[v.rowAxis]})`, { autorange: 'reversed' }),
    }),
  };
}

export function kernelFigure(v: KernelView, c: ColorOptions, revision: string): Figure {
  const t = v.tiles, g = v.grid;
  const names = v.axisNames;
  const colLabel = t.filter ? `${names[t.filter.axis]} ${t.filter.index}: ${names[t.colAxis]} (${t.filter.count}), wrapped` : `${names[t.colAxis]} (${t.gridCols})`;
  const rowLabel = t.filter ? '' : `${names[t.rowAxis]} (${t.gridRows})`;
  const inner = t.hAxis >= 0 ? `tiles ${names[t.hAxis]}×${names[t.wAxis]}` : `strips of ${names[t.wAxis]}`;
  return {
    revision,
    data: [heatTrace(g, c)],
    layout: baseLayout(revision, {
      margin: COLORBAR_MARGIN,
      plot_bgcolor: GAP_BG,
      xaxis: axis(`${colLabel} · ${inner}`, { ...tileTicks(t, g, 'col'), constrain: 'domain' }),
      yaxis: axis(rowLabel, { ...tileTicks(t, g, 'row'), autorange: 'reversed', scaleanchor: 'x', constrain: 'domain' }),
    }),
  };
}

/** Ticks at tile centres labelled with the tile's channel index, thinned to about 16 per axis. */
function tileTicks(t: TileLayout, g: PlotGrid, which: 'row' | 'col'): { tickvals: number[]; ticktext: string[] } {
  if (t.filter && which === 'row') return { tickvals: [], ticktext: [] };
  const period = which === 'row' ? t.tileH + t.gap : t.tileW + t.gap;
  const size = which === 'row' ? t.tileH : t.tileW;
  const [a, b] = which === 'row' ? [g.area.r0, g.area.r1] : [g.area.c0, g.area.c1];
  const first = Math.floor(a / period), last = Math.ceil(b / period);
  const step = niceStep(Math.max(1, Math.ceil((last - first) / 16)));
  const tickvals: number[] = [], ticktext: string[] = [];
  for (let k = Math.ceil(first / step) * step; k < last; k += step) {
    tickvals.push(k * period + (size - 1) / 2);
    ticktext.push(String(k));
  }
  return { tickvals, ticktext };
}

function niceStep(n: number): number {
  for (const s of [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000]) if (s >= n) return s;
  return Math.ceil(n / 1000) * 1000;
}
