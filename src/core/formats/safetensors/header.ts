import type { ByteSource } from '../../io/byteSource';
import { readExact } from '../../io/byteSource';
import type { DType } from '../../model/dtype';
import { DTYPE_SIZE } from '../../model/dtype';
import { FormatError } from '../../model/errors';
import { numelOf } from '../../model/view';
import { MAX_SAFETENSORS_HEADER_BYTES, shownName } from '../limits';

/** Header sizes above this are refused: real headers are KBs to a few MB, and we read it whole. */
export const MAX_HEADER_BYTES = MAX_SAFETENSORS_HEADER_BYTES;

const DTYPES: Record<string, DType> = {
  F64: 'float64', F32: 'float32', F16: 'float16', BF16: 'bfloat16',
  I64: 'int64', I32: 'int32', I16: 'int16', I8: 'int8',
  U64: 'uint64', U32: 'uint32', U16: 'uint16', U8: 'uint8',
  BOOL: 'bool', C64: 'complex64', C128: 'complex128',
};

/** 8-bit floats have no DType of ours: they are listed with their raw bytes as uint8. */
const RAW_BYTES = new Set(['F8_E4M3', 'F8_E5M2', 'F8_E4M3FN', 'F8_E5M2FNUZ', 'F8_E4M3FNUZ', 'F8_E8M0']);

export interface SafetensorsEntry {
  name: string;
  dtype: DType;
  storedDtype: string;
  shape: number[];
  begin: number;   // absolute file offset of the first byte
  byteLength: number;
}

export interface SafetensorsHeader {
  headerBytes: number;
  entries: SafetensorsEntry[];
  metadata: Record<string, string>;
  warnings: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isDim = (d: unknown): d is number => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0;

/** Reads and validates the header: 8-byte little-endian length N, then N bytes of JSON (maybe space-padded). */
export async function readSafetensorsHeader(src: ByteSource): Promise<SafetensorsHeader> {
  if (src.size < 8) throw new FormatError('truncated safetensors file: shorter than its 8-byte header length');
  const lenBytes = await readExact(src, 0, 8);
  const n = new DataView(lenBytes.buffer, lenBytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) {
    throw new FormatError(`not a valid safetensors file: its header claims ${n} bytes, more than the ${MAX_HEADER_BYTES / 1024 / 1024} MB accepted`);
  }
  const headerBytes = Number(n);
  if (8 + headerBytes > src.size) {
    throw new FormatError(`truncated safetensors file: its header claims ${headerBytes} bytes but the file has only ${src.size - 8} after the length`);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await readExact(src, 8, headerBytes)));
  } catch (err) {
    throw new FormatError(`not a valid safetensors file: its header is not JSON (${(err as Error).message})`);
  }
  if (!isRecord(json)) throw new FormatError('not a valid safetensors file: its header is not a JSON object');
  return parseEntries(json, 8 + headerBytes, src.size);
}

function parseEntries(json: Record<string, unknown>, dataStart: number, fileSize: number): SafetensorsHeader {
  const warnings: string[] = [];
  const metadata: Record<string, string> = {};
  const entries: SafetensorsEntry[] = [];
  for (const [name, v] of Object.entries(json)) {
    if (name === '__metadata__') {
      if (isRecord(v)) for (const [k, x] of Object.entries(v)) metadata[k] = typeof x === 'string' ? x : JSON.stringify(x);
      continue;
    }
    // Names and dtypes come from the file: shown cut short and printable, never whole.
    const shown = shownName(name);
    if (!isRecord(v)) throw new FormatError(`safetensors header: entry "${shown}" is not an object`);
    const stored = v.dtype;
    const shape = v.shape;
    const offsets = v.data_offsets;
    if (typeof stored !== 'string') throw new FormatError(`safetensors header: tensor "${shown}" has no dtype`);
    if (!Array.isArray(shape) || !shape.every(isDim)) throw new FormatError(`safetensors header: tensor "${shown}" has a bad shape`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isDim) || offsets[0] > offsets[1]) {
      throw new FormatError(`safetensors header: tensor "${shown}" has bad data_offsets`);
    }
    let dtype = Object.hasOwn(DTYPES, stored) ? DTYPES[stored] : undefined;
    if (!dtype && RAW_BYTES.has(stored)) {
      dtype = 'uint8';
      warnings.push(`tensor "${shown}" is ${stored} (8-bit float): listed as raw uint8 bytes`);
    }
    if (!dtype) throw new FormatError(`safetensors header: tensor "${shown}" has unknown dtype ${shownName(stored)}`);
    const [b, e] = offsets as [number, number];
    const byteLength = numelOf(shape) * DTYPE_SIZE[dtype];
    if (e - b !== byteLength) {
      throw new FormatError(`safetensors header: tensor "${shown}" (${shownName(stored)} ${shownName(JSON.stringify(shape))}) needs ${byteLength} bytes but its data_offsets span ${e - b}`);
    }
    if (dataStart + e > fileSize) {
      throw new FormatError(`truncated safetensors file: tensor "${shown}" ends at byte ${dataStart + e} but the file has ${fileSize}`);
    }
    entries.push({ name, dtype, storedDtype: stored, shape: shape as number[], begin: dataStart + b, byteLength });
  }
  return { headerBytes: dataStart - 8, entries, metadata, warnings };
}
