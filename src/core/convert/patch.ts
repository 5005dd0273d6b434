import { throwIfAborted } from '../model/errors';

/**
 * New values for one tensor view of a region of bytes (a torch storage, or a legacy file):
 * `values` are the view's elements in row-major order, already in the region's dtype and byte
 * order; `byteOffset`, `shape` and `stride` place them (stride in elements of `item` bytes).
 * A storage can back several views (tied weights, slices, a transposed copy): each patch writes
 * only its own elements, so the others keep their bytes.
 */
export interface Patch {
  byteOffset: number;
  shape: number[];
  stride: number[];
  item: number;
  values: Uint8Array;
}

const MiB = 1024 * 1024;

/** [first byte, one past the last byte] a view touches. */
export function patchSpan(p: Patch): [number, number] {
  let last = 0;
  for (let i = 0; i < p.shape.length; i++) {
    if (p.shape[i] === 0) return [p.byteOffset, p.byteOffset];
    last += (p.shape[i] - 1) * p.stride[i];
  }
  return [p.byteOffset, p.byteOffset + (last + 1) * p.item];
}

function isDense(p: Patch): boolean {
  let expected = 1;
  for (let i = p.shape.length - 1; i >= 0; i--) {
    if (p.shape[i] !== 1 && p.stride[i] !== expected) return false;
    expected *= p.shape[i];
  }
  return true;
}

/** Writes a patch's values into `buf`, which holds the region's bytes from `bufStart` on. */
export function scatter(buf: Uint8Array, bufStart: number, p: Patch): void {
  const base = p.byteOffset - bufStart;
  if (isDense(p)) {
    buf.set(p.values, base);
    return;
  }
  const rank = p.shape.length;
  // rows along the last axis are copied whole when they are contiguous
  const rowLen = rank && p.stride[rank - 1] === 1 ? p.shape[rank - 1] : 1;
  const outer = rank && rowLen > 1 ? rank - 1 : rank;
  const rowBytes = rowLen * p.item;
  const idx = new Array<number>(outer).fill(0);
  const rows = p.values.length / rowBytes;
  let at = 0;
  for (let r = 0; r < rows; r++) {
    buf.set(p.values.subarray(r * rowBytes, (r + 1) * rowBytes), base + at * p.item);
    for (let d = outer - 1; d >= 0; d--) {
      idx[d]++;
      at += p.stride[d];
      if (idx[d] < p.shape[d]) break;
      at -= p.stride[d] * p.shape[d];
      idx[d] = 0;
    }
  }
}

interface Cluster { start: number; end: number; patches: Patch[] }

/** Overlapping spans form one cluster; patches keep their given order (later ones win). */
function clusters(patches: Patch[]): Cluster[] {
  const spans = patches.map((p, i) => ({ p, i, span: patchSpan(p) })).filter((s) => s.span[1] > s.span[0]);
  spans.sort((a, b) => a.span[0] - b.span[0] || a.i - b.i);
  const out: (Cluster & { order: number[] })[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.span[0] < last.end) {
      last.end = Math.max(last.end, s.span[1]);
      last.patches.push(s.p);
      last.order.push(s.i);
    } else out.push({ start: s.span[0], end: s.span[1], patches: [s.p], order: [s.i] });
  }
  for (const c of out) {
    const byOrder = c.patches.map((p, k) => ({ p, o: c.order[k] })).sort((a, b) => a.o - b.o);
    c.patches = byOrder.map((x) => x.p);
  }
  return out;
}

/**
 * The bytes of a region of `length` bytes with the patches applied, in chunks. Bytes no patch
 * touches are read from the original (`read(offset, length)`, region-relative) and passed on as
 * they are; a region wholly replaced by one dense patch is never read at all.
 */
export async function* patchedRegion(
  read: (offset: number, length: number) => Promise<Uint8Array>, length: number, patches: Patch[],
  opts: { chunk?: number; signal?: AbortSignal } = {},
): AsyncGenerator<Uint8Array> {
  const chunk = opts.chunk ?? 16 * MiB;
  let pos = 0;
  const copy = async function* (to: number): AsyncGenerator<Uint8Array> {
    while (pos < to) {
      throwIfAborted(opts.signal);
      const n = Math.min(chunk, to - pos);
      yield await read(pos, n);
      pos += n;
    }
  };
  for (const c of clusters(patches)) {
    yield* copy(c.start);
    const only = c.patches.length === 1 ? c.patches[0] : undefined;
    if (only && isDense(only) && only.byteOffset === c.start && only.values.length === c.end - c.start) {
      yield only.values;
    } else {
      const buf = new Uint8Array(c.end - c.start);
      buf.set(await read(c.start, c.end - c.start));
      for (const p of c.patches) scatter(buf, c.start, p);
      yield buf;
    }
    pos = c.end;
  }
  yield* copy(length);
}
