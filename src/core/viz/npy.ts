import type { DType } from '../model/dtype';

/** numpy's descr for each dtype we hold (bfloat16 and quantized types have no numpy type). */
const DESCR: Partial<Record<DType, string>> = {
  float64: '<f8', float32: '<f4', float16: '<f2', int64: '<i8', int32: '<i4', int16: '<i2', int8: '|i1',
  uint64: '<u8', uint32: '<u4', uint16: '<u2', uint8: '|u1', bool: '|b1', complex64: '<c8', complex128: '<c16',
  qint8: '|i1', quint8: '|u1', qint32: '<i4', bfloat16: '<u2',
};

/**
 * A .npy file (format 1.0) of contiguous little-endian row-major bytes. bfloat16 is written as
 * its raw uint16 bit patterns, and quantized tensors as their integer values (numpy has neither).
 */
export function encodeNpy(dtype: DType, shape: number[], bytes: Uint8Array): Uint8Array {
  const descr = DESCR[dtype];
  if (!descr) throw new Error(`no numpy type for ${dtype}`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // magic(6) + version(2) + length(2) + header + '\n' is padded to a multiple of 64.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total + bytes.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(bytes, total);
  return out;
}

export interface NpyArray { descr: string; fortranOrder: boolean; shape: number[]; data: Uint8Array }

/** Reads a .npy (versions 1–3) header and data: for tests and for user-supplied inputs later. */
export function decodeNpy(file: Uint8Array): NpyArray {
  if (file[0] !== 0x93 || String.fromCharCode(...file.subarray(1, 6)) !== 'NUMPY') throw new Error('not a .npy file');
  const major = file[6];
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const hlen = major === 1 ? v.getUint16(8, true) : v.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder('latin1').decode(file.subarray(start, start + hlen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1] ?? '';
  const fortranOrder = /'fortran_order':\s*True/.test(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '';
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  return { descr, fortranOrder, shape, data: file.subarray(start + hlen) };
}
