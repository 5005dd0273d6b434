/**
 * What the tensor panel asks the model worker to draw, and what comes back: plain data with typed
 * arrays (transferred, not copied). Coordinates are plot coordinates: for a heatmap the source
 * row/column of the 2-D plane, for kernels the cell of the full tile mosaic (gaps included), so
 * a zoom range maps straight back to what to re-read.
 */
import type { TensorStats } from '../core/model/types';

export type ViewMode = 'heatmap' | 'slice' | 'kernels' | 'vector' | 'histogram';
export type LayoutChoice = 'stored' | 'other';
export type Reduce = 'maxabs' | 'mean';

/** A half-open rectangle [r0, r1) × [c0, c1) in plot coordinates. */
export interface Rect { r0: number; r1: number; c0: number; c1: number }

export interface ViewRequest {
  mode: ViewMode;
  layout: LayoutChoice;
  /** heatmap/slice: the displayed axes [rows, cols] (indices into the displayed shape) */
  axes?: [number, number];
  /** slice: the index of every other axis, by displayed axis */
  fixed?: number[];
  /** the most cells the plot gets per dimension [rows, cols] */
  maxCells: [number, number];
  reduce: Reduce;
  /** only this part of the plane (zoomed in), re-read at the best resolution that fits */
  region?: Rect;
  /** kernels: one output filter across its input channels */
  filter?: number;
  /** kernels: the filters as colour images (first-layer kernels with 3 input channels) */
  rgb?: boolean;
  /** histogram: number of bins */
  bins?: number;
  /** colour domain clipped to percentiles: p → [p %, 100 − p %] */
  clipPercent?: number;
}

/** The value range of the whole tensor, for colour domains (the same at every zoom and slice). */
export interface ValueRange {
  min: number;
  max: number;
  absMax: number;
  /** [low, high] percentiles when the request asked for clipPercent */
  clip?: [number, number];
}

/** A heatmap-ready grid of cells with where they sit in plot coordinates. */
export interface PlotGrid {
  rows: number;
  cols: number;
  /** row-major; NaN for gaps (drawn transparent) */
  values: Float32Array;
  /** centre of the first cell and the distance between cells, in plot coordinates */
  x0: number; dx: number; y0: number; dy: number;
  /** source rows/cols (heatmap) or tiles (kernels) each cell stands for; 1 = full resolution */
  blockRows: number;
  blockCols: number;
  /** the extent of the whole plane in plot coordinates (what "zoom out" shows) */
  extentRows: number;
  extentCols: number;
  /** the part of the plane this grid covers, in plot coordinates */
  area: Rect;
}

interface ViewBase {
  /** the displayed shape (after the layout toggle) and its axis names */
  shape: number[];
  axisNames: string[];
  /** the layout hint the view shows ('OIHW', 'HWIO', '(in,out)', or '' when unknown) */
  layout: string;
}

export interface HeatmapView extends ViewBase {
  kind: 'grid';
  rowAxis: number;
  colAxis: number;
  /** the index of every displayed axis the plane is taken at (0 on the plane's own axes) */
  fixed: number[];
  grid: PlotGrid;
  range: ValueRange;
}

export interface TileLayout {
  tileH: number;
  tileW: number;
  gap: number;
  /** tiles per mosaic row and column */
  gridRows: number;
  gridCols: number;
  /** displayed axes of the tile rows and columns (O and I in display order), and inside a tile */
  rowAxis: number;
  colAxis: number;
  hAxis: number;   // -1 for 1-D kernels (strips)
  wAxis: number;
  /** one output filter shown: its index; its input channels wrap into gridCols per row */
  filter?: { axis: number; index: number; count: number };
  /** cells are whole kernels reduced to one value (too many tiles for the screen) */
  perKernel: boolean;
}

export interface KernelView extends ViewBase {
  kind: 'kernels';
  grid: PlotGrid;
  tiles: TileLayout;
  range: ValueRange;
}

/** First-layer kernels as colour images: each filter's 3 input channels as R, G, B. */
export interface RgbView extends ViewBase {
  kind: 'rgb';
  width: number;
  height: number;
  /** RGBA, row-major; gaps are transparent */
  rgba: Uint8ClampedArray;
  tileH: number;
  tileW: number;
  gap: number;
  perRow: number;
  filters: number;
  outAxis: number;
}

export interface VectorView extends ViewBase {
  kind: 'vector';
  values: Float32Array;
  /** centre of the first point and the distance between points, in element indices */
  x0: number;
  dx: number;
  block: number;
  length: number;
  area: { c0: number; c1: number };
  range: ValueRange;
}

export interface HistogramView extends ViewBase {
  kind: 'histogram';
  edges: Float64Array;
  counts: Float64Array;
  stats: TensorStats;
}

export type ViewResult = HeatmapView | KernelView | RgbView | VectorView | HistogramView;
