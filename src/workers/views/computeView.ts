/**
 * One entry point for every tensor view: picks the displayed layout, computes the mode's data
 * from the tensor's numbers and adds the whole tensor's value range for the colour domain.
 */
import { fastDownsample as downsample } from './fastDownsample';
import type { TensorInfo } from '../../core/model/types';
import { displayed, kernelAxes, type Displayed } from '../display';
import type { Rect, ValueRange, ViewRequest, ViewResult } from '../viewTypes';
import { histogramOf, permutedValues, quantile, statsOf, type Numbers } from './derived';
import { clampRect, planeGrid } from './gridView';
import { kernelGridView, tileLayout } from './kernelView';
import { rgbMosaic } from './rgbView';

export const DEFAULT_BINS = 64;
const MAX_CELLS = 2048;

export function computeView(info: TensorInfo, values: Numbers, req: ViewRequest): ViewResult {
  if (info.dtype === 'complex64' || info.dtype === 'complex128') throw new Error('complex tensors have no plot yet: see their values below');
  const d = displayed(info.shape, info.layout, req.layout);
  const base = { shape: d.shape, axisNames: d.axisNames, layout: d.layout };
  const maxRows = clampInt(req.maxCells[0], 1, MAX_CELLS), maxCols = clampInt(req.maxCells[1], 1, MAX_CELLS);

  if (req.mode === 'histogram') {
    const h = histogramOf(info.name, values, clampInt(req.bins ?? DEFAULT_BINS, 1, 4096));
    // Copies: the cached histogram stays in the worker, the copies are transferred.
    return { kind: 'histogram', ...base, edges: h.edges.slice(), counts: h.counts.slice(), stats: { ...h.stats } };
  }
  const range = valueRange(info.name, values, req.clipPercent);
  const shown = (): Numbers => permutedValues(info.name, values, info.shape, d.perm);

  if (req.mode === 'vector') {
    const n = values.length;
    const area = clampRect(req.region && { r0: 0, r1: 1, c0: req.region.c0, c1: req.region.c1 }, 1, n) ?? { r0: 0, r1: 1, c0: 0, c1: n };
    const part = area.c0 === 0 && area.c1 === n ? values : sub(values, area.c0, area.c1);
    const g = downsample(part, 1, area.c1 - area.c0, 1, maxCols, req.reduce);
    return {
      kind: 'vector', ...base, values: g.values, x0: area.c0 + (g.blockCols - 1) / 2, dx: g.blockCols,
      block: g.blockCols, length: n, area: { c0: area.c0, c1: area.c1 }, range,
    };
  }

  if (req.mode === 'kernels') {
    const ax = kernelAxes(d.layout, d.shape.length);
    if (!ax) throw new Error(`no kernel grid for layout ${d.layout || 'unknown'}: use the slice view`);
    if (req.rgb) {
      // The images do not depend on the layout shown: read the stored numbers by their own axes.
      const stored = kernelAxes(info.layout, info.shape.length);
      if (!stored) throw new Error(`no colour images for layout ${info.layout || 'unknown'}`);
      const m = rgbMosaic(values, info.shape, stored);
      return { kind: 'rgb', ...base, ...m, outAxis: ax.outAxis };
    }
    const t = tileLayout(d.shape, ax, req.filter);
    const { grid, tiles } = kernelGridView(shown(), d.shape, t, { maxRows, maxCols, reduce: req.reduce, region: req.region, filter: req.filter });
    return { kind: 'kernels', ...base, grid, tiles, range };
  }

  if (d.shape.length < 2) throw new Error('a heatmap needs at least two axes');
  const [rowAxis, colAxis] = planeAxes(d, req);
  const { grid, fixed } = planeGrid(shown(), d.shape, { rowAxis, colAxis, fixed: req.fixed ?? [], maxRows, maxCols, reduce: req.reduce, region: req.region as Rect | undefined });
  return { kind: 'grid', ...base, rowAxis, colAxis, fixed, grid, range };
}

function planeAxes(d: Displayed, req: ViewRequest): [number, number] {
  const r = d.shape.length;
  const [a, b] = req.axes ?? [r - 2, r - 1];
  if (a === b || a < 0 || b < 0 || a >= r || b >= r) throw new Error(`cannot show axes ${a} and ${b} of a ${r}-d tensor`);
  return [a, b];
}

function valueRange(name: string, values: Numbers, clipPercent?: number): ValueRange {
  const { min, max } = statsOf(name, values);
  const range: ValueRange = { min, max, absMax: Math.max(Math.abs(min), Math.abs(max)) };
  if (clipPercent !== undefined && clipPercent > 0 && clipPercent < 50) {
    range.clip = [quantile(name, values, clipPercent / 100), quantile(name, values, 1 - clipPercent / 100)];
  }
  return range;
}

function sub(values: Numbers, a: number, b: number): Numbers {
  const v = values as Float32Array;
  return typeof v.subarray === 'function' ? v.subarray(a, b) : Array.prototype.slice.call(values, a, b);
}

const clampInt = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, Math.floor(Number.isFinite(v) ? v : lo)));
