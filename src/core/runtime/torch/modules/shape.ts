import type { Tensor, Tf } from '../../tf';
import { ShapeError, type Cfg, type ModuleImpl } from './types';
import { axis, num } from './util';

function flattenShape(s: number[], cfg: Cfg): number[] {
  const start = axis(num(cfg, 'start_dim', 1), s.length);
  const end = axis(num(cfg, 'end_dim', -1), s.length);
  if (end < start) throw new ShapeError(`Flatten: start_dim ${start} is after end_dim ${end}`);
  return [...s.slice(0, start), s.slice(start, end + 1).reduce((a, b) => a * b, 1), ...s.slice(end + 1)];
}

function unflattenShape(s: number[], cfg: Cfg): number[] {
  const dim = axis(num(cfg, 'dim', 1), s.length);
  const sizes = cfg.unflattened_size;
  if (!Array.isArray(sizes)) throw new ShapeError('Unflatten has no unflattened_size');
  const known = (sizes as number[]).filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const filled = (sizes as number[]).map((d) => (d === -1 ? s[dim] / known : d));
  if (filled.reduce((a, b) => a * b, 1) !== s[dim]) throw new ShapeError(`Unflatten: [${sizes.join(', ')}] does not split ${s[dim]}`);
  return [...s.slice(0, dim), ...filled, ...s.slice(dim + 1)];
}

/**
 * Nearest upsampling exactly as torch 1.13+ picks source pixels: identity and ×2 are special-cased,
 * otherwise src = min(floor(dst · scale), in − 1) in float32, where scale is 1/scale_factor when a
 * scale factor was given and in/out otherwise ('nearest-exact' samples pixel centres instead).
 */
function upsampleSizes(s: number[], cfg: Cfg): { out: number[]; scales: (number | undefined)[] } {
  const n = s.length - 2;
  if (n < 1) throw new ShapeError(`Upsample needs a batched input with spatial axes, got [${s.join(', ')}]`);
  const spatial = s.slice(2);
  const size = cfg.size;
  if (size !== null && size !== undefined) {
    const out = typeof size === 'number' ? new Array<number>(n).fill(size) : (size as number[]);
    return { out, scales: new Array<undefined>(n).fill(undefined) };
  }
  const sf = cfg.scale_factor;
  const scales = typeof sf === 'number' ? new Array<number>(n).fill(sf) : Array.isArray(sf) ? (sf as number[]) : undefined;
  if (!scales || scales.length !== n) throw new ShapeError('Upsample has neither size nor scale_factor');
  // recompute_scale_factor=True drops the factor after sizing, so indices use in/out
  const keep = cfg.recompute_scale_factor !== true;
  return { out: spatial.map((d, i) => Math.floor(d * scales[i])), scales: scales.map((v) => (keep ? v : undefined)) };
}

function sourceIndices(inp: number, out: number, scale: number | undefined, exact: boolean): Int32Array {
  const idx = new Int32Array(out);
  const f = Math.fround(scale !== undefined && scale > 0 ? 1 / scale : inp / out);
  for (let i = 0; i < out; i++) {
    if (!exact && out === inp) idx[i] = i;
    else if (!exact && out === 2 * inp) idx[i] = i >> 1;
    else idx[i] = Math.min(Math.floor(Math.fround((exact ? i + 0.5 : i) * f)), inp - 1);
  }
  return idx;
}

function upsample(tf: Tf, x: Tensor, cfg: Cfg): Tensor {
  const { out, scales } = upsampleSizes(x.shape, cfg);
  const exact = cfg.mode === 'nearest-exact';
  let y = x;
  out.forEach((o, i) => {
    const ax = i + 2;
    const idx = sourceIndices(x.shape[ax], o, scales[i], exact);
    y = tf.gather(y, tf.tensor1d(idx, 'int32'), ax);
  });
  return y;
}

export const shapeModules: ModuleImpl[] = [
  { kinds: ['Flatten'], outShape: flattenShape, forward: (tf, x, cfg) => tf.reshape(x, flattenShape(x.shape, cfg)) },
  { kinds: ['Unflatten'], outShape: unflattenShape, forward: (tf, x, cfg) => tf.reshape(x, unflattenShape(x.shape, cfg)) },
  {
    kinds: ['Upsample', 'UpsamplingNearest2d'],
    check: (cfg) => {
      const mode = cfg.mode ?? 'nearest';
      return mode === 'nearest' || mode === 'nearest-exact' ? undefined : `Upsample mode "${String(mode)}" is not supported (nearest only)`;
    },
    outShape: (s, cfg) => [...s.slice(0, 2), ...upsampleSizes(s, cfg).out],
    forward: upsample,
  },
  {
    kinds: ['Embedding'],
    check: (cfg) => (typeof cfg.max_norm === 'number' ? 'Embedding with max_norm renormalises its weights during forward; not supported' : undefined),
    outShape: (s, _cfg, p) => [...s, p.weight[1]],
    forward: (tf, x, _cfg, w) => tf.gather(w.weight, x.dtype === 'int32' ? x : tf.cast(x, 'int32')),
  },
];
