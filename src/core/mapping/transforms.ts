import type { Step } from './types';

export type AnyTypedArray =
  | Float32Array | Float64Array | Int8Array | Uint8Array | Uint8ClampedArray
  | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

/** Values with their shape: contiguous, row-major. */
export interface Tensor<T extends AnyTypedArray = AnyTypedArray> { shape: number[]; data: T }

type Ctor<T> = new (n: number | ArrayBufferLike) => T;
type Cells = { [i: number]: number | bigint };

const numel = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
const fmt = (s: number[]): string => (s.length ? s.join('×') : 'scalar');

export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShapeError';
  }
}

/**
 * Integer lanes over the same bytes. Elements are moved as raw bits so a permutation never
 * touches a value: NaN payloads and −0.0 survive, and 8/16-byte elements move as 2/4 lanes.
 */
function lanesOf(data: AnyTypedArray): { u: Uint8Array | Uint16Array | Uint32Array; lanes: number } {
  const size = data.BYTES_PER_ELEMENT;
  const { buffer, byteOffset, byteLength } = data;
  if (size === 1) return { u: new Uint8Array(buffer, byteOffset, byteLength), lanes: 1 };
  if (size === 2 && byteOffset % 2 === 0) return { u: new Uint16Array(buffer, byteOffset, byteLength / 2), lanes: 1 };
  if (byteOffset % 4 === 0) return { u: new Uint32Array(buffer, byteOffset, byteLength / 4), lanes: size / 4 };
  const copy = new Uint8Array(byteLength);
  copy.set(new Uint8Array(buffer, byteOffset, byteLength));
  return { u: new Uint32Array(copy.buffer), lanes: size / 4 };
}

/** A new array of the input's own type over the given bytes. */
function sameType<T extends AnyTypedArray>(like: T, bytes: ArrayBufferLike): T {
  return new (like.constructor as Ctor<T>)(bytes);
}

function strides(shape: number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

function checkPerm(perm: number[], rank: number): void {
  const seen = new Set(perm);
  if (perm.length !== rank || seen.size !== rank || perm.some((p) => !Number.isInteger(p) || p < 0 || p >= rank)) {
    throw new ShapeError(`transpose(${perm.join(',')}) does not permute the ${rank} axes of a rank-${rank} tensor`);
  }
}

/** Moves elements so that output axis k is input axis perm[k]. */
export function transpose<T extends AnyTypedArray>(t: Tensor<T>, perm: number[]): Tensor<T> {
  checkPerm(perm, t.shape.length);
  const { u, lanes } = lanesOf(t.data);
  // Extra trailing lanes axis: wide elements move as a block of lanes.
  const shape = lanes > 1 ? [...t.shape, lanes] : t.shape;
  const p = lanes > 1 ? [...perm, t.shape.length] : perm;
  const r = shape.length, n = numel(shape);
  const inStr = strides(shape);
  const outShape = p.map((a) => shape[a]);
  const step = p.map((a) => inStr[a]);
  const out = new (u.constructor as Ctor<typeof u>)(n);
  const idx = new Array<number>(r).fill(0);
  let src = 0;
  for (let o = 0; o < n; o++) {
    out[o] = u[src];
    for (let ax = r - 1; ax >= 0; ax--) {
      src += step[ax];
      if (++idx[ax] < outShape[ax]) break;
      src -= step[ax] * outShape[ax];
      idx[ax] = 0;
    }
  }
  return { shape: perm.map((a) => t.shape[a]), data: sameType(t.data, out.buffer) };
}

export function reshape<T extends AnyTypedArray>(t: Tensor<T>, shape: number[]): Tensor<T> {
  if (numel(shape) !== numel(t.shape)) throw new ShapeError(`cannot reshape ${fmt(t.shape)} (${numel(t.shape)} elements) to ${fmt(shape)}`);
  return { shape: [...shape], data: t.data };
}

/** Swaps the (p, q) split of one axis to (q, p): a block transpose, used for Flatten row orders. */
function swapSplit<T extends AnyTypedArray>(t: Tensor<T>, axis: number, p: number, q: number): Tensor<T> {
  const pre = t.shape.slice(0, axis), post = t.shape.slice(axis + 1);
  const expanded = reshape(t, [...pre, p, q, ...post]);
  const perm = expanded.shape.map((_, i) => i);
  [perm[axis], perm[axis + 1]] = [axis + 1, axis];
  return reshape(transpose(expanded, perm), t.shape);
}

/** Output block k along `axis` is input block order[k]. */
export function gatherBlocks<T extends AnyTypedArray>(t: Tensor<T>, axis: number, order: number[]): Tensor<T> {
  const g = order.length, size = t.shape[axis];
  if (size % g !== 0) throw new ShapeError(`axis ${axis} of ${fmt(t.shape)} does not split into ${g} gate blocks`);
  const { u, lanes } = lanesOf(t.data);
  const outer = numel(t.shape.slice(0, axis));
  const block = (size / g) * numel(t.shape.slice(axis + 1)) * lanes;
  const out = new (u.constructor as Ctor<typeof u>)(u.length);
  for (let o = 0; o < outer; o++) {
    const base = o * g * block;
    for (let k = 0; k < g; k++) out.set(u.subarray(base + order[k] * block, base + (order[k] + 1) * block), base + k * block);
  }
  return { shape: [...t.shape], data: sameType(t.data, out.buffer) };
}

export function stack<T extends AnyTypedArray>(ts: Tensor<T>[]): Tensor<T> {
  const first = ts[0];
  if (!first) throw new ShapeError('nothing to stack');
  for (const t of ts) if (fmt(t.shape) !== fmt(first.shape)) throw new ShapeError(`cannot stack ${ts.map((x) => fmt(x.shape)).join(' and ')}: shapes differ`);
  const { u } = lanesOf(first.data);
  const parts = ts.map((t) => lanesOf(t.data).u);
  const out = new (u.constructor as Ctor<typeof u>)(u.length * ts.length);
  parts.forEach((part, i) => out.set(part, i * u.length));
  return { shape: [ts.length, ...first.shape], data: sameType(first.data, out.buffer) };
}

export function unstack<T extends AnyTypedArray>(t: Tensor<T>, parts: number): Tensor<T>[] {
  if (t.shape[0] !== parts) throw new ShapeError(`cannot unstack ${fmt(t.shape)} into ${parts} tensors: first axis is ${t.shape[0] ?? 'missing'}`);
  const { u } = lanesOf(t.data);
  const len = u.length / parts;
  return Array.from({ length: parts }, (_, i) => ({ shape: t.shape.slice(1), data: sameType(t.data, u.slice(i * len, (i + 1) * len).buffer) }));
}

/** Element-wise sum. Arithmetic by nature: float32 results are rounded once, as torch/numpy do. */
export function sum<T extends AnyTypedArray>(ts: Tensor<T>[]): Tensor<T> {
  const first = ts[0];
  if (!first) throw new ShapeError('nothing to sum');
  for (const t of ts) if (fmt(t.shape) !== fmt(first.shape)) throw new ShapeError(`cannot add ${ts.map((x) => fmt(x.shape)).join(' and ')}: shapes differ`);
  const out = first.data.slice() as T;
  const o = out as unknown as Cells;
  for (const t of ts.slice(1)) {
    const d = t.data as unknown as Cells;
    if (typeof o[0] === 'bigint') for (let i = 0; i < out.length; i++) o[i] = (o[i] as bigint) + (d[i] as bigint);
    else for (let i = 0; i < out.length; i++) o[i] = (o[i] as number) + (d[i] as number);
  }
  return { shape: [...first.shape], data: out };
}

/** One tensor into `parts`: part `keep` is a copy, the others are −0.0 (x + −0.0 = x for every x, so sum(split(x)) is exact). */
export function split<T extends AnyTypedArray>(t: Tensor<T>, parts: number, keep: number): Tensor<T>[] {
  if (!Number.isInteger(keep) || keep < 0 || keep >= parts) throw new ShapeError(`split into ${parts} parts cannot keep part ${keep}`);
  const isFloat = t.data instanceof Float32Array || t.data instanceof Float64Array;
  return Array.from({ length: parts }, (_, i) => {
    if (i === keep) return { shape: [...t.shape], data: t.data.slice() as T };
    const z = new (t.data.constructor as Ctor<T>)(t.data.length);
    if (isFloat) (z as Float32Array).fill(-0);
    return { shape: [...t.shape], data: z };
  });
}

const eachTensor = <T extends AnyTypedArray>(ts: Tensor<T>[], f: (t: Tensor<T>) => Tensor<T>): Tensor<T>[] => ts.map(f);

/** Applies one step to a list of tensors. */
export function applyStep<T extends AnyTypedArray>(step: Step, ts: Tensor<T>[]): Tensor<T>[] {
  switch (step.op) {
    case 'transpose': return eachTensor(ts, (t) => transpose(t, step.perm));
    case 'reshape': return eachTensor(ts, (t) => reshape(t, step.shape));
    case 'gates': return eachTensor(ts, (t) => gatherBlocks(t, step.axis, step.order));
    case 'flattenRows': return eachTensor(ts, (t) => {
      const c = step.channels, s = numel(step.spatial);
      if (t.shape[step.axis] !== c * s) throw new ShapeError(`axis ${step.axis} of ${fmt(t.shape)} is not C·H·W = ${c}·${s} = ${c * s}`);
      return step.order === 'chw-to-hwc' ? swapSplit(t, step.axis, c, s) : swapSplit(t, step.axis, s, c);
    });
    case 'stack': return [stack(ts)];
    case 'unstack': return unstack(one(ts, 'unstack'), step.parts);
    case 'sum': return [sum(ts)];
    case 'split': return split(one(ts, 'split'), step.parts, step.keep);
  }
}

function one<T>(ts: T[], op: string): T {
  if (ts.length !== 1) throw new ShapeError(`${op} takes one tensor, got ${ts.length}`);
  return ts[0];
}

export function applySteps<T extends AnyTypedArray>(steps: Step[], ts: Tensor<T>[]): Tensor<T>[] {
  return steps.reduce((acc, s) => applyStep(s, acc), ts);
}

/** The step that undoes `step` (for sum: the split that sum turns back into the exact input). */
export function invertStep(step: Step, partsHint = 2): Step {
  switch (step.op) {
    case 'transpose': {
      const inv = new Array<number>(step.perm.length);
      step.perm.forEach((p, k) => { inv[p] = k; });
      return { op: 'transpose', perm: inv, ...(step.to !== undefined ? { from: step.to } : {}), ...(step.from !== undefined ? { to: step.from } : {}) };
    }
    case 'reshape': throw new ShapeError('a reshape is inverted with the input shape: use invertSteps');
    case 'gates': {
      const inv = new Array<number>(step.order.length);
      step.order.forEach((o, k) => { inv[o] = k; });
      return { op: 'gates', axis: step.axis, order: inv, ...(step.to ? { from: step.to } : {}), ...(step.from ? { to: step.from } : {}) };
    }
    case 'flattenRows': return { ...step, order: step.order === 'chw-to-hwc' ? 'hwc-to-chw' : 'chw-to-hwc' };
    case 'stack': return { op: 'unstack', parts: partsHint };
    case 'unstack': return { op: 'stack' };
    case 'sum': return { op: 'split', parts: partsHint, keep: step.keep };
    case 'split': return { op: 'sum', keep: step.keep };
  }
}

/**
 * Steps that undo `steps`. Reshapes and the tensor counts of stack/sum need the input shapes,
 * so they are traced forward first.
 */
export function invertSteps(steps: Step[], inputShapes: number[][]): Step[] {
  const trace = [inputShapes];
  for (const s of steps) trace.push(stepShapes(s, trace[trace.length - 1]));
  return steps.map((s, i) => {
    const before = trace[i];
    if (s.op === 'reshape') return { op: 'reshape', shape: [...before[0]] } as Step;
    return invertStep(s, before.length);
  }).reverse();
}

/** The shapes a step produces from the given input shapes; throws ShapeError when it cannot apply. */
export function stepShapes(step: Step, shapes: number[][]): number[][] {
  switch (step.op) {
    case 'transpose': return shapes.map((s) => { checkPerm(step.perm, s.length); return step.perm.map((p) => s[p]); });
    case 'reshape': return shapes.map((s) => {
      if (numel(s) !== numel(step.shape)) throw new ShapeError(`cannot reshape ${fmt(s)} (${numel(s)} elements) to ${fmt(step.shape)}`);
      return [...step.shape];
    });
    case 'gates': return shapes.map((s) => {
      if (s[step.axis] === undefined || s[step.axis] % step.order.length !== 0) throw new ShapeError(`axis ${step.axis} of ${fmt(s)} does not split into ${step.order.length} gate blocks`);
      return [...s];
    });
    case 'flattenRows': return shapes.map((s) => {
      const n = step.channels * numel(step.spatial);
      if (s[step.axis] !== n) throw new ShapeError(`axis ${step.axis} of ${fmt(s)} is not C·H·W = ${step.channels}·${numel(step.spatial)} = ${n}`);
      return [...s];
    });
    case 'stack': case 'sum': {
      if (!shapes.length) throw new ShapeError(`nothing to ${step.op}`);
      if (new Set(shapes.map(fmt)).size > 1) throw new ShapeError(`cannot ${step.op} ${shapes.map(fmt).join(' and ')}: shapes differ`);
      return step.op === 'stack' ? [[shapes.length, ...shapes[0]]] : [[...shapes[0]]];
    }
    case 'unstack': {
      const s = one(shapes, 'unstack');
      if (s[0] !== step.parts) throw new ShapeError(`cannot unstack ${fmt(s)} into ${step.parts} tensors`);
      return Array.from({ length: step.parts }, () => s.slice(1));
    }
    case 'split': {
      const s = one(shapes, 'split');
      if (step.keep < 0 || step.keep >= step.parts) throw new ShapeError(`split into ${step.parts} parts cannot keep part ${step.keep}`);
      return Array.from({ length: step.parts }, () => [...s]);
    }
  }
}

export function stepsShapes(steps: Step[], shapes: number[][]): number[][] {
  return steps.reduce((acc, s) => stepShapes(s, acc), shapes);
}
