/**
 * What the panel asks the worker for: the user's choices, plus as many cells as the plot has
 * pixels (at most 512 per side), so a big tensor is reduced to what the screen can show.
 */
import type { Displayed } from '../../workers/display';
import type { LayoutChoice, Rect, Reduce, ViewRequest } from '../../workers/viewTypes';
import type { DomainMode } from './colormaps';
import { heatmapArea } from './plotSize';
import type { Tab } from './viewModes';

/** The most cells a plot gets per side on first paint; zooming in re-reads at full resolution. */
export const MAX_CELLS = 512;
const BINS = 64;

/** What the user chose for the tensor on screen. */
export interface Choice {
  mode: Tab;
  layout: LayoutChoice;
  axes: [number, number] | null;
  fixed: number[];
  filter?: number;
  rgb: boolean;
  region?: Rect;
  manual?: [number, number];
}

export interface Prefs { reduce: Reduce; domain: DomainMode; clipPercent: number }

export const planeAxes = (c: Choice, rank: number): [number, number] => c.axes ?? [rank - 2, rank - 1];

/** Colour and line views (not the histogram, not colour images). */
export const isPlotted = (c: Choice): boolean => c.mode !== 'histogram' && !(c.mode === 'kernels' && c.rgb);

function maxCells(c: Choice, d: Displayed, width: number, dpr: number): [number, number] {
  const px = (n: number): number => Math.min(MAX_CELLS, Math.max(16, Math.ceil(n * dpr)));
  // A zoomed region comes at full resolution up to MAX_CELLS a side, a little more than the
  // plot's pixels: the user zoomed in to see single values.
  if (c.mode === 'kernels' || c.mode === 'histogram' || c.region) return [MAX_CELLS, MAX_CELLS];
  if (c.mode === 'vector') return [1, px(heatmapArea(width, 1, 1).width)];
  const [ra, ca] = planeAxes(c, d.shape.length);
  const a = heatmapArea(width, d.shape[ra], d.shape[ca]);
  return [px(a.height), px(a.width)];
}

export function viewRequest(c: Choice, d: Displayed, p: Prefs, width: number, dpr: number): ViewRequest {
  const plotted = isPlotted(c);
  return {
    mode: c.mode,
    layout: c.mode === 'histogram' ? 'stored' : c.layout,
    axes: c.mode === 'slice' ? planeAxes(c, d.shape.length) : undefined,
    fixed: c.mode === 'slice' ? c.fixed : undefined,
    maxCells: maxCells(c, d, width, dpr),
    reduce: plotted ? p.reduce : 'maxabs',
    region: c.region,
    filter: c.mode === 'kernels' ? c.filter : undefined,
    rgb: c.mode === 'kernels' && c.rgb ? true : undefined,
    bins: c.mode === 'histogram' ? BINS : undefined,
    clipPercent: plotted && p.domain === 'clip' ? p.clipPercent : undefined,
  };
}
