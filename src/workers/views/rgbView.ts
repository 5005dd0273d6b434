/**
 * First-layer conv kernels (3 input channels) as small colour images: input channels 0, 1, 2 as
 * R, G, B, each kernel normalised on its own to [0, 1] (min → 0, max → 1), so the pattern it
 * responds to shows whatever its scale. Filters wrap into a near-square mosaic.
 */
import { stridesOf } from '../../core/viz/permute';
import type { KernelAxes } from '../display';
import type { Numbers } from './derived';

export interface RgbMosaic {
  width: number; height: number; rgba: Uint8ClampedArray;
  tileH: number; tileW: number; gap: number; perRow: number; filters: number;
}

export function rgbMosaic(values: Numbers, shape: number[], ax: KernelAxes): RgbMosaic {
  if (ax.outAxis < 0 || ax.inAxis < 0 || ax.hAxis < 0 || shape[ax.inAxis] !== 3) {
    throw new Error('colour images need 2-D conv kernels with 3 input channels');
  }
  const s = stridesOf(shape);
  const th = shape[ax.hAxis], tw = shape[ax.wAxis], filters = shape[ax.outAxis], gap = 1;
  const perRow = Math.max(1, Math.ceil(Math.sqrt(filters)));
  const rowsOfTiles = Math.ceil(filters / perRow);
  const width = perRow * (tw + gap) - gap, height = rowsOfTiles * (th + gap) - gap;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let f = 0; f < filters; f++) {
    const base = f * s[ax.outAxis];
    let lo = Infinity, hi = -Infinity;
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < th; y++) {
        for (let x = 0; x < tw; x++) {
          const v = values[base + c * s[ax.inAxis] + y * s[ax.hAxis] + x * s[ax.wAxis]];
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
    }
    const scale = hi > lo ? 255 / (hi - lo) : 0;
    const r0 = Math.floor(f / perRow) * (th + gap), c0 = (f % perRow) * (tw + gap);
    for (let y = 0; y < th; y++) {
      for (let x = 0; x < tw; x++) {
        const o = ((r0 + y) * width + c0 + x) * 4;
        for (let c = 0; c < 3; c++) {
          const v = values[base + c * s[ax.inAxis] + y * s[ax.hAxis] + x * s[ax.wAxis]];
          rgba[o + c] = scale ? (v - lo) * scale : 128;
        }
        rgba[o + 3] = 255;
      }
    }
  }
  return { width, height, rgba, tileH: th, tileW: tw, gap, perRow, filters };
}
