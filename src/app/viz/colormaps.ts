/**
 * Colour scales for plotly, as stop lists (matplotlib's, sampled at 11 points) so every map looks
 * the same in every plotly build. Diverging maps are centred on zero: weights are signed, and
 * the sign is what the eye should find first.
 */
import type { ValueRange } from '../../workers/viewTypes';

export type ColormapId = 'rdbu' | 'prgn' | 'viridis' | 'magma' | 'inferno' | 'cividis' | 'gray';
export type DomainMode = 'auto' | 'clip' | 'manual';

interface Colormap { label: string; diverging: boolean; stops: string[] }

export const COLORMAPS: Record<ColormapId, Colormap> = {
  rdbu: { label: 'Red–blue', diverging: true, stops: ['#053061', '#2166ac', '#4393c3', '#92c5de', '#d1e5f0', '#f7f7f7', '#fddbc7', '#f4a582', '#d6604d', '#b2182b', '#67001f'] },
  prgn: { label: 'Purple–green', diverging: true, stops: ['#40004b', '#762a83', '#9970ab', '#c2a5cf', '#e7d4e8', '#f7f7f7', '#d9f0d3', '#a6dba0', '#5aae61', '#1b7837', '#00441b'] },
  viridis: { label: 'Viridis', diverging: false, stops: ['#440154', '#482475', '#414487', '#355f8d', '#2a788e', '#21918c', '#22a884', '#44bf70', '#7ad151', '#bddf26', '#fde725'] },
  magma: { label: 'Magma', diverging: false, stops: ['#000004', '#140e36', '#3b0f70', '#641a80', '#8c2981', '#b73779', '#de4968', '#f7705c', '#fe9f6d', '#fecf92', '#fcfdbf'] },
  inferno: { label: 'Inferno', diverging: false, stops: ['#000004', '#160b39', '#420a68', '#6a176e', '#932667', '#bc3754', '#dd513a', '#f37819', '#fca50a', '#f6d746', '#fcffa4'] },
  cividis: { label: 'Cividis', diverging: false, stops: ['#00224e', '#123570', '#2c3f6e', '#48506b', '#62626f', '#7c7b78', '#98917a', '#b5a775', '#d4bf68', '#f2d750', '#fee838'] },
  gray: { label: 'Grey', diverging: false, stops: ['#000000', '#ffffff'] },
};

export const COLORMAP_IDS = Object.keys(COLORMAPS) as ColormapId[];

export function colorscale(id: ColormapId): [number, string][] {
  const s = COLORMAPS[id].stops;
  return s.map((c, i) => [i / (s.length - 1), c]);
}

/**
 * The colour domain [lo, hi]: diverging maps are symmetric about zero (±max|w|, or ± the larger
 * clipped percentile), sequential maps span min…max or the clipped percentiles; 'manual' is as typed.
 */
export function colorDomain(range: ValueRange, cmap: ColormapId, mode: DomainMode, manual?: [number, number]): [number, number] {
  const diverging = COLORMAPS[cmap].diverging;
  let lo: number, hi: number;
  if (mode === 'manual' && manual && Number.isFinite(manual[0]) && Number.isFinite(manual[1]) && manual[0] !== manual[1]) {
    [lo, hi] = manual[0] < manual[1] ? manual : [manual[1], manual[0]];
    return [lo, hi];
  }
  if (mode === 'clip' && range.clip) [lo, hi] = range.clip;
  else [lo, hi] = [range.min, range.max];
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [-1, 1];
  if (diverging) {
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    return [-m, m];
  }
  if (lo === hi) return [lo - (Math.abs(lo) || 1), hi + (Math.abs(hi) || 1)];
  return [lo, hi];
}
