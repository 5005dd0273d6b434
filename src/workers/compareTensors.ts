/**
 * Side-by-side comparison of a paired tensor: one side as stored, the other side's tensors put
 * through the mapping's steps (or their inverse) into the same layout, and their difference.
 * Pure computation: runs in the mapping worker, and in Node for tests.
 */
import { toNumbers, type DType } from '../core/model/dtype';
import { applySteps, invertSteps, type AnyTypedArray, type Tensor } from '../core/mapping/transforms';
import type { CompareGrid, CompareRequest, CompareResult, RawTensor } from './mappingApi';

// float32 holds every float32/16/bf16 and small-integer value exactly; wider types need float64.
const WIDE = new Set<DType>(['float64', 'int64', 'uint64', 'int32', 'uint32', 'qint32']);

function values(t: RawTensor, wide: boolean): Tensor<Float32Array | Float64Array> {
  if (t.dtype === 'complex64' || t.dtype === 'complex128') throw new Error(`${t.name} is ${t.dtype}: complex tensors are not compared`);
  const nums = toNumbers(t.dtype, t.bytes);
  const data = wide ? Float64Array.from(nums) : nums instanceof Float32Array ? nums : Float32Array.from(nums);
  return { shape: [...t.shape], data };
}

/** A tensor as rows = first axis, cols = the product of the others (a vector is one row). */
export function planeOf(shape: number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [1, shape[0]];
  return [shape[0], shape.slice(1).reduce((a, b) => a * b, 1)];
}

function reduceGrid(rows: number, cols: number, br: number, bc: number, cell: (i: number) => number, pickAbs: boolean): CompareGrid {
  const gr = Math.ceil(rows / br), gc = Math.ceil(cols / bc);
  const out = new Float32Array(gr * gc);
  for (let r = 0; r < gr; r++) {
    for (let c = 0; c < gc; c++) {
      let best = 0, bestAbs = -1;
      for (let i = r * br; i < Math.min(rows, (r + 1) * br); i++) {
        for (let j = c * bc; j < Math.min(cols, (c + 1) * bc); j++) {
          const v = cell(i * cols + j);
          // A NaN shows only when the whole block is NaN: one bad value must not hide its neighbours.
          if (Number.isNaN(v)) { if (bestAbs < 0) best = v; continue; }
          const a = Math.abs(v);
          if (a > bestAbs) { best = v; bestAbs = a; }
        }
      }
      out[r * gc + c] = pickAbs ? Math.abs(best) : best;
    }
  }
  return { rows: gr, cols: gc, values: out };
}

export function compareTensors(req: CompareRequest): CompareResult {
  const { pair, layout, index } = req;
  const wide = [...req.a, ...req.b].some((t) => WIDE.has(t.dtype));
  const aVals = req.a.map((t) => values(t, wide)), bVals = req.b.map((t) => values(t, wide));
  // Steps move raw lanes and add floats only: they work on the decoded values as on the stored bytes.
  const [stored, moved] = layout === 'a'
    ? [aVals, applySteps(invertSteps(pair.steps, pair.shapesA), bVals as Tensor<AnyTypedArray>[])]
    : [bVals, applySteps(pair.steps, aVals as Tensor<AnyTypedArray>[])];
  const s = stored[index], m = moved[index];
  if (!s || !m) throw new Error(`the pair has no tensor ${index + 1} on side ${layout.toUpperCase()}`);
  if (s.shape.join('×') !== m.shape.join('×')) {
    throw new Error(`the transformed tensor is ${m.shape.join('×')} but the stored one is ${s.shape.join('×')}: the pair's steps do not fit these tensors`);
  }
  const sd = s.data as ArrayLike<number>, md = m.data as ArrayLike<number>;
  let maxAbsDiff = 0, maxAbs = 0, nanMismatch = 0;
  const diff = new Float64Array(sd.length);
  for (let i = 0; i < sd.length; i++) {
    const x = sd[i], y = md[i];
    const nx = Number.isNaN(x), ny = Number.isNaN(y);
    if (nx || ny) { if (nx !== ny) { nanMismatch++; diff[i] = NaN; } continue; }
    const d = Math.abs(x - y);
    diff[i] = d;
    if (d > maxAbsDiff) maxAbsDiff = d;
    if (Math.abs(x) > maxAbs && Number.isFinite(x)) maxAbs = Math.abs(x);
  }
  const [rows, cols] = planeOf(s.shape);
  const br = Math.max(1, Math.ceil(rows / req.maxCells[0])), bc = Math.max(1, Math.ceil(cols / req.maxCells[1]));
  const names = layout === 'a' ? pair.a : pair.b;
  return {
    layout, name: names[index] ?? '', shape: s.shape, rows, cols, blockRows: br, blockCols: bc,
    stored: reduceGrid(rows, cols, br, bc, (i) => sd[i], false),
    transformed: reduceGrid(rows, cols, br, bc, (i) => md[i], false),
    diff: reduceGrid(rows, cols, br, bc, (i) => diff[i], true),
    maxAbsDiff, maxAbs, nanMismatch, numel: sd.length,
  };
}
