/**
 * The plot's size from what it shows. Kernel mosaics and colour images keep square cells: the
 * plot gets exactly the width and height their aspect needs (within the panel), so no grey slack
 * is left around them and the colour bar sits beside the tiles. Matrices fill the width with a
 * height near their aspect; lines and histograms get a fixed height. Taken from the whole plane,
 * not the zoomed part, so zooming never resizes the plot.
 */
import type { ViewResult } from '../../workers/viewTypes';

/** Margins around the cells: left axis + colour bar, top + bottom axis (figureBase, gridFigure). */
const CHROME_W = 122, CHROME_H = 48;

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));

/** The cells area of a heatmap of a rows × cols plane in a panel this wide, in CSS pixels. */
export function heatmapArea(containerWidth: number, rows: number, cols: number): { width: number; height: number } {
  const width = Math.max(240, containerWidth || 560) - CHROME_W;
  return { width, height: Math.round(clamp(width * (rows / cols), 170, 390)) };
}

export function plotSize(v: ViewResult, containerWidth: number): { width: number; height: number } {
  const width = Math.max(240, containerWidth || 560);
  switch (v.kind) {
    case 'grid': return { width, height: heatmapArea(width, v.grid.extentRows, v.grid.extentCols).height + CHROME_H };
    case 'kernels': return squareCells(v.grid.extentRows, v.grid.extentCols, width, 512);
    case 'rgb': return squareCells(v.height, v.width, width, 380);
    case 'vector': case 'histogram': return { width, height: 240 };
  }
}

function squareCells(rows: number, cols: number, width: number, maxInnerH: number): { width: number; height: number } {
  const maxInnerW = width - CHROME_W;
  // Square cells as large as fit, but no larger than 32 px: a 3 × 3 kernel is not a poster.
  let cell = Math.min(32, maxInnerW / cols);
  if (cell * rows > maxInnerH) cell = maxInnerH / rows;
  const innerH = Math.max(24, cell * rows), innerW = Math.max(24, cell * cols);
  return { width: Math.round(Math.min(width, innerW + CHROME_W)), height: Math.round(innerH + CHROME_H) };
}
