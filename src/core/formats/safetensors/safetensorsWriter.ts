import type { DType } from '../../model/dtype';
import { DTYPE_SIZE } from '../../model/dtype';
import { FormatError } from '../../model/errors';

/**
 * A safetensors file: 8-byte little-endian header length, the JSON header (padded with spaces to
 * a multiple of 8 so the data that follows is 8-byte aligned, as the reference writer does), then
 * every tensor's bytes back to back in header order, with no holes.
 */
export interface SafetensorsTensor {
  name: string;
  dtype: DType;
  shape: number[];
}

const CODES: Partial<Record<DType, string>> = {
  float64: 'F64', float32: 'F32', float16: 'F16', bfloat16: 'BF16',
  int64: 'I64', int32: 'I32', int16: 'I16', int8: 'I8',
  uint64: 'U64', uint32: 'U32', uint16: 'U16', uint8: 'U8', bool: 'BOOL',
};

export function safetensorsWritable(dtype: DType): boolean {
  return CODES[dtype] !== undefined;
}

const numelOf = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** The header bytes (length prefix included) and the data size that must follow it. */
export function safetensorsHeader(tensors: SafetensorsTensor[], metadata: Record<string, string> = {}): { header: Uint8Array; dataBytes: number } {
  const json: Record<string, unknown> = {};
  if (Object.keys(metadata).length) json.__metadata__ = metadata;
  let at = 0;
  for (const t of tensors) {
    const code = CODES[t.dtype];
    if (!code) throw new FormatError(`"${t.name}" is ${t.dtype}, which safetensors cannot store`);
    if (t.name === '__metadata__' || t.name in json) throw new FormatError(`tensor name "${t.name}" is used twice or is reserved`);
    const n = numelOf(t.shape) * DTYPE_SIZE[t.dtype];
    json[t.name] = { dtype: code, shape: t.shape, data_offsets: [at, at + n] };
    at += n;
  }
  const text = new TextEncoder().encode(JSON.stringify(json));
  const padded = Math.ceil(text.length / 8) * 8;
  const header = new Uint8Array(8 + padded);
  new DataView(header.buffer).setBigUint64(0, BigInt(padded), true);
  header.set(text, 8);
  header.fill(0x20, 8 + text.length);
  return { header, dataBytes: at };
}
