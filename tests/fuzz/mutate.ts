import { Op } from '../../src/core/formats/pickle/opcodes';
import { pickleOps, readUint, type Field, type Layout } from './layout';
import type { Rng } from './prng';

/**
 * Byte-level mutations. Each returns the new bytes and a one-line description that, with the
 * seed and case index, is enough to understand a failure without replaying it. Positions are
 * drawn from the layout (structure boundaries, metadata ranges, length fields) most of the time
 * and uniformly otherwise, so both "the parser's edge cases" and "anything at all" get hit.
 */
export interface Step { bytes: Uint8Array; desc: string }

export type ByteKind = 'bitflip' | 'truncate' | 'duplicate' | 'delete' | 'field' | 'overwrite';

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));

/** A position: a structure boundary (maybe nudged by a few bytes), inside a hot range, or anywhere. */
function position(b: Uint8Array, l: Layout, rng: Rng): number {
  const r = rng.next();
  if (r < 0.5 && l.boundaries.length) {
    const at = rng.pick(l.boundaries) + (rng.chance(0.3) ? rng.int(-3, 3) : 0);
    return clamp(at, 0, b.length);
  }
  if (r < 0.8 && l.hot.length) {
    const [s, e] = rng.pick(l.hot);
    return clamp(rng.int(s, Math.max(s, e - 1)), 0, b.length);
  }
  return rng.int(0, b.length);
}

/** Chunk lengths: mostly small (a field, an opcode), sometimes a whole structure. */
function chunkLength(rng: Rng, max: number): number {
  const n = rng.weighted([[5, rng.int(1, 8)], [3, rng.int(9, 128)], [1, rng.int(129, 4096)]]);
  return clamp(n, 1, Math.max(1, max));
}

export function bitflip(b: Uint8Array, l: Layout, rng: Rng): Step {
  const out = b.slice();
  const n = rng.weighted([[6, 1], [3, rng.int(2, 4)], [1, rng.int(5, 32)]]);
  const at: number[] = [];
  for (let i = 0; i < n && out.length; i++) {
    const p = Math.min(position(b, l, rng), out.length - 1);
    out[p] ^= 1 << rng.int(0, 7);
    at.push(p);
  }
  return { bytes: out, desc: `bitflip ×${at.length} @${at.slice(0, 6).join(',')}${at.length > 6 ? ',…' : ''}` };
}

export function truncate(b: Uint8Array, l: Layout, rng: Rng): Step {
  const at = Math.min(position(b, l, rng), Math.max(0, b.length - 1));
  return { bytes: b.slice(0, at), desc: `truncate to ${at} of ${b.length} bytes` };
}

export function duplicate(b: Uint8Array, l: Layout, rng: Rng): Step {
  const start = Math.min(position(b, l, rng), Math.max(0, b.length - 1));
  const len = chunkLength(rng, b.length - start);
  const chunk = b.subarray(start, start + len);
  const at = rng.chance(0.5) ? start + len : position(b, l, rng);
  return { bytes: concat(b.subarray(0, at), chunk, b.subarray(at)), desc: `duplicate ${len} bytes from @${start} to @${at}` };
}

export function remove(b: Uint8Array, l: Layout, rng: Rng): Step {
  const start = Math.min(position(b, l, rng), Math.max(0, b.length - 1));
  const len = chunkLength(rng, b.length - start);
  return { bytes: concat(b.subarray(0, start), b.subarray(start + len)), desc: `delete ${len} bytes @${start}` };
}

export function overwrite(b: Uint8Array, l: Layout, rng: Rng): Step {
  const out = b.slice();
  const start = Math.min(position(b, l, rng), Math.max(0, b.length - 1));
  const len = Math.min(chunkLength(rng, 64), out.length - start);
  const fill = rng.pick(['zeros', 'ones', 'random'] as const);
  for (let i = 0; i < len; i++) out[start + i] = fill === 'zeros' ? 0 : fill === 'ones' ? 0xff : rng.int(0, 255);
  return { bytes: out, desc: `overwrite ${len} bytes @${start} with ${fill}` };
}

/** Edge values for an unsigned field of `width` bytes, around its current value and the file size. */
export function edgeValues(current: bigint, width: number, fileSize: number): bigint[] {
  const max = (1n << BigInt(8 * width)) - 1n;
  const half = 1n << BigInt(8 * width - 1);
  const vals = [0n, 1n, 2n, current - 1n, current + 1n, current * 2n, current / 2n, current + 8n, max, max - 1n, half, half - 1n,
    BigInt(fileSize), BigInt(fileSize) - current, BigInt(fileSize) + 1n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 1n << 32n,
    (1n << 53n) - 1n, 1n << 53n, 1n << 62n];
  return vals.filter((v) => v >= 0n && v <= max);
}

export function writeUint(out: Uint8Array, at: number, width: number, v: bigint, be = false): void {
  for (let i = 0; i < width; i++) {
    const byte = Number((v >> BigInt(8 * i)) & 0xffn);
    out[be ? at + width - 1 - i : at + i] = byte;
  }
}

export function corruptField(b: Uint8Array, f: Field, rng: Rng): Step {
  const out = b.slice();
  const cur = BigInt(readUint(b, f.at, f.width));
  const v = rng.chance(0.85) ? rng.pick(edgeValues(cur, f.width, b.length))
    : BigInt(rng.int(0, 2 ** Math.min(8 * f.width, 48) - 1));
  writeUint(out, f.at, f.width, v, f.be);
  return { bytes: out, desc: `field ${f.what}: ${cur} → ${v}` };
}

export function field(b: Uint8Array, l: Layout, rng: Rng): Step {
  const fields = l.fields.filter((f) => f.at + f.width <= b.length);
  if (!fields.length) return bitflip(b, l, rng);
  return corruptField(b, rng.pick(fields), rng);
}

export const BYTE_MUTATIONS: Record<ByteKind, (b: Uint8Array, l: Layout, rng: Rng) => Step> = {
  bitflip, truncate, duplicate, delete: remove, field, overwrite,
};

/** The usual mix: flips and field corruption most, cuts and chunk moves often. */
export function byteMutation(b: Uint8Array, l: Layout, rng: Rng, weights?: Partial<Record<ByteKind, number>>): Step {
  const w: Record<ByteKind, number> = { bitflip: 4, truncate: 2, duplicate: 1.5, delete: 1.5, field: 4, overwrite: 1, ...weights };
  const kind = rng.weighted(Object.entries(w).map(([k, v]) => [v, k as ByteKind] as const));
  return BYTE_MUTATIONS[kind](b, l, rng);
}

// ---- pickle opcodes ---------------------------------------------------------------------

const NO_ARG_OPS = [Op.MARK, Op.POP, Op.POP_MARK, Op.DUP, Op.TUPLE, Op.LIST, Op.DICT, Op.APPEND, Op.APPENDS,
  Op.SETITEM, Op.SETITEMS, Op.BUILD, Op.REDUCE, Op.NONE, Op.EMPTY_LIST, Op.EMPTY_DICT, Op.EMPTY_TUPLE, Op.STOP,
  Op.TUPLE1, Op.TUPLE2, Op.TUPLE3, Op.NEWOBJ, Op.NEWOBJ_EX, Op.BINPERSID, Op.STACK_GLOBAL, Op.MEMOIZE, Op.OBJ,
  Op.EMPTY_SET, Op.ADDITEMS, Op.FROZENSET, Op.NEWTRUE, Op.READONLY_BUFFER, Op.NEXT_BUFFER];

/** A few whole opcodes with arguments, including large integers and far memo references. */
function randomOp(rng: Rng): number[] {
  const big = rng.pick([0x7fffffff, -1, 2 ** 31 - 2, 1 << 20, 65535, 0]);
  const le = (v: number, n: number): number[] => Array.from({ length: n }, (_, i) => Number((BigInt.asUintN(64, BigInt(v)) >> BigInt(8 * i)) & 0xffn));
  return rng.pick([
    () => [rng.pick(NO_ARG_OPS)],
    () => [Op.BININT, ...le(big, 4)],
    () => [Op.LONG1, 8, ...le(rng.pick([2 ** 40, -1, 2 ** 53]), 8)],
    () => [Op.BINGET, rng.int(0, 255)],
    () => [Op.LONG_BINGET, ...le(rng.pick([0, 1, 1 << 30, 0xffffffff]), 4)],
    () => [Op.BINPUT, rng.int(0, 255)],
    () => [Op.SHORT_BINUNICODE, 3, 0x61, 0x2e, 0x62],
    () => [Op.BINUNICODE, ...le(rng.pick([0x7fffffff, 1 << 24, 0xffffffff]), 4)],
    () => [Op.FRAME, ...le(rng.pick([2 ** 62, 1 << 30, 9]), 8)],
  ])();
}

/**
 * Opcode-level mutations of a pickle at [start, end): swap, delete, duplicate or insert whole
 * opcodes, or widen a small integer into a huge one (storage sizes, shapes, strides).
 */
export function opcodeMutation(b: Uint8Array, start: number, rng: Rng, label: string): Step {
  const ops = pickleOps(b, start);
  if (ops.length < 2) return { bytes: b.slice(0, rng.int(0, b.length)), desc: `${label}: truncate (no opcodes found)` };
  const op = rng.pick(ops);
  const before = b.subarray(0, op.at), self = b.subarray(op.at, op.end), after = b.subarray(op.end);
  const kind = rng.weighted([[3, 'replace'], [2, 'delete'], [1, 'dup'], [3, 'insert'], [3, 'widen']] as const);
  switch (kind) {
    case 'replace': {
      const out = b.slice();
      out[op.at] = rng.chance(0.8) ? rng.pick(NO_ARG_OPS) : rng.int(0, 255);
      return { bytes: out, desc: `${label}: opcode 0x${b[op.at].toString(16)} @${op.at} → 0x${out[op.at].toString(16)}` };
    }
    case 'delete': return { bytes: concat(before, after), desc: `${label}: delete opcode 0x${b[op.at].toString(16)} @${op.at}` };
    case 'dup': return { bytes: concat(before, self, self, after), desc: `${label}: duplicate opcode 0x${b[op.at].toString(16)} @${op.at}` };
    case 'insert': {
      const ins = new Uint8Array(randomOp(rng));
      return { bytes: concat(before, ins, self, after), desc: `${label}: insert [${[...ins].slice(0, 9).map((x) => x.toString(16)).join(' ')}] @${op.at}` };
    }
    case 'widen': {
      const ints = ops.filter((o) => b[o.at] === Op.BININT1 || b[o.at] === Op.BININT2 || b[o.at] === Op.BININT);
      if (!ints.length) return { bytes: concat(before, after), desc: `${label}: delete opcode @${op.at}` };
      const t = rng.pick(ints);
      const v = rng.pick([2 ** 31 - 1, -1, -(2 ** 31), 2 ** 30, 1e9 | 0]);
      const ins = new Uint8Array(5);
      ins[0] = Op.BININT;
      new DataView(ins.buffer).setInt32(1, v, true);
      const big = rng.chance(0.3);
      const repl = big ? new Uint8Array([Op.LONG1, 8, 0, 0, 0, 0, 0, 0, 0x20, 0]) : ins; // 2^53 as LONG1
      return {
        bytes: concat(b.subarray(0, t.at), repl, b.subarray(t.end)),
        desc: `${label}: integer @${t.at} (${readUint(b, t.at + 1, t.end - t.at - 1)}) → ${big ? '2^53' : v}`,
      };
    }
  }
}
