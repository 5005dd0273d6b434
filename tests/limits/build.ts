import { zipSync } from 'fflate';
import { openModel } from '../../src/core/formats/registry';
import { bytesSource } from '../../src/core/io/byteSource';
import { FormatError, ReadError } from '../../src/core/model/errors';
import type { ModelDoc } from '../../src/core/model/types';
import { asm, binint, global, sbu, type Part } from '../pickle/asm';

/** Small hand-built files for the limit tests: each breaks exactly one rule. */

/** An integer opcode: BININT when it fits, else LONG1 with 8 little-endian bytes. */
export function int(n: number | bigint): number[] {
  const v = BigInt(n);
  if (v >= -(2n ** 31n) && v < 2n ** 31n) return binint(Number(BigInt.asUintN(32, v)));
  const bytes: number[] = [];
  for (let i = 0n; i < 8n; i++) bytes.push(Number((BigInt.asUintN(64, v) >> (8n * i)) & 0xffn));
  return [0x8a, 8, ...bytes];
}

export interface TensorArgs { numel?: Part[]; offset?: number | bigint; shape: (number | bigint)[]; stride: (number | bigint)[] }

/** data.pkl of a state_dict {'w': _rebuild_tensor_v2(storage '0', offset, shape, stride, False, OrderedDict())}. */
export function statePickle(t: TensorArgs): Uint8Array {
  return asm('PROTO', 2, 'EMPTY_DICT', sbu('w'),
    global('torch._utils', '_rebuild_tensor_v2'), 'MARK',
    'MARK', sbu('storage'), global('torch', 'FloatStorage'), sbu('0'), sbu('cpu'), ...(t.numel ?? [int(4)]), 'TUPLE', 'BINPERSID',
    int(t.offset ?? 0),
    'MARK', ...t.shape.map(int), 'TUPLE',
    'MARK', ...t.stride.map(int), 'TUPLE',
    'NEWFALSE', global('collections', 'OrderedDict'), 'EMPTY_TUPLE', 'REDUCE',
    'TUPLE', 'REDUCE', 'SETITEM', 'STOP');
}

/** A torch zip holding `pickle` as data.pkl and `storageBytes` as storage '0'. */
export function torchZip(pickle: Uint8Array, storageBytes = 16): Uint8Array {
  const storage = new Uint8Array(new Float32Array(storageBytes / 4).map((_, i) => i + 1).buffer);
  return zipSync({ 'm/data.pkl': pickle, 'm/data/0': storage, 'm/version': new TextEncoder().encode('3\n') }, { level: 0 });
}

/** Opens and returns the document, or the ReadError's problem after checking it wraps a FormatError. */
export async function openOrProblem(bytes: Uint8Array, name: string): Promise<ModelDoc | string> {
  try {
    return await openModel(bytesSource(bytes, name));
  } catch (err) {
    if (!(err instanceof ReadError)) throw err;
    const cause = (err as { cause?: unknown }).cause;
    if (!(cause instanceof FormatError)) throw new Error(`a crash, not a refusal: ${String(cause)}`, { cause });
    return err.problem;
  }
}

export async function problemOf(bytes: Uint8Array, name: string): Promise<string> {
  const r = await openOrProblem(bytes, name);
  if (typeof r !== 'string') throw new Error(`${name} opened, but a refusal was expected`);
  return r;
}

/** Writes a little-endian unsigned field in place. */
export function poke(b: Uint8Array, at: number, width: number, v: number | bigint): void {
  for (let i = 0; i < width; i++) b[at + i] = Number((BigInt(v) >> BigInt(8 * i)) & 0xffn);
}

/** Offset of an entry's central directory record in a zip made by zipSync (no comment, no ZIP64). */
export function centralRecord(zip: Uint8Array, name: string): number {
  const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = zip.length - 22;
  let p = dv.getUint32(eocd + 16, true);
  for (;;) {
    const nameLen = dv.getUint16(p + 28, true);
    if (new TextDecoder().decode(zip.subarray(p + 46, p + 46 + nameLen)) === name) return p;
    p += 46 + nameLen + dv.getUint16(p + 30, true) + dv.getUint16(p + 32, true);
  }
}
