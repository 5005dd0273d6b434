/**
 * Colour tables for the comparison heatmaps: values on a diverging blue–white–red scale centred on
 * zero (the sign of a weight is what the eye should find first, as in the tensor panel), and |Δ| on
 * white → dark red, so identical tensors give a blank difference map.
 */
const RDBU = ['#053061', '#2166ac', '#4393c3', '#92c5de', '#d1e5f0', '#f7f7f7', '#fddbc7', '#f4a582', '#d6604d', '#b2182b', '#67001f'];
const REDS = ['#ffffff', '#fee0d2', '#fcbba1', '#fc9272', '#fb6a4a', '#ef3b2c', '#cb181d', '#99000d'];

export type Scale = 'diverging' | 'sequential';

function table(stops: string[]): Uint8ClampedArray {
  const rgb = stops.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const x = (i / 255) * (rgb.length - 1), k = Math.min(rgb.length - 2, Math.floor(x)), f = x - k;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = rgb[k][c] + (rgb[k + 1][c] - rgb[k][c]) * f;
  }
  return lut;
}

const LUTS: Record<Scale, Uint8ClampedArray> = { diverging: table(RDBU), sequential: table(REDS) };

export const SCALE_CSS: Record<Scale, string> = {
  diverging: `linear-gradient(90deg, ${RDBU.join(', ')})`,
  sequential: `linear-gradient(90deg, ${REDS.join(', ')})`,
};

/** RGBA pixels of a grid of values: diverging over [−m, m], sequential over [0, m]; NaN is a grey. */
export function paint(values: Float32Array, scale: Scale, m: number): Uint8ClampedArray {
  const lut = LUTS[scale], out = new Uint8ClampedArray(values.length * 4);
  const span = m > 0 && Number.isFinite(m) ? m : 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const o = i * 4;
    if (Number.isNaN(v)) { out[o] = 150; out[o + 1] = 150; out[o + 2] = 160; out[o + 3] = 255; continue; }
    const t = scale === 'diverging' ? (v / span + 1) / 2 : v / span;
    const k = Math.round(Math.max(0, Math.min(1, t)) * 255) * 3;
    out[o] = lut[k]; out[o + 1] = lut[k + 1]; out[o + 2] = lut[k + 2]; out[o + 3] = 255;
  }
  return out;
}
