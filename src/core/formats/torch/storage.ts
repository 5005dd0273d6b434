import type { DType } from '../../model/dtype';
import { DTYPE_SIZE } from '../../model/dtype';
import type { QuantInfo } from '../../model/types';
import { FormatError } from '../../model/errors';
import { MAX_EXPANDED_VIEW_BYTES, MAX_TENSOR_RANK } from '../limits';

/** Bytes of one torch storage; `read` takes a byte range within it. */
export interface StorageRef {
  readonly kind: 'storage';
  readonly key: string;
  readonly dtype: DType;
  readonly location: string;
  readonly numel: number;
  read(byteOffset: number, byteLength: number): Promise<Uint8Array>;
  /** false when every read decompresses the whole storage (a deflated zip entry), so slices cost no less than the whole */
  readonly ranged?: boolean;
}

/** What `_rebuild_tensor_v2` and friends describe: a strided view into a storage. */
export interface TensorSpec {
  readonly kind: 'tensor';
  storage: StorageRef;
  offset: number;          // in elements
  shape: number[];
  stride: number[];
  dtype: DType;            // usually the storage's; differs for UntypedStorage-backed tensors
  quant?: QuantInfo;
  /** per-channel quantisation parameters, held as tensors of their own */
  quantTensors?: { scales: TensorSpec; zeroPoints: TensorSpec };
}

const STORAGE_DTYPES: Record<string, DType> = {
  FloatStorage: 'float32', DoubleStorage: 'float64', HalfStorage: 'float16', BFloat16Storage: 'bfloat16',
  LongStorage: 'int64', IntStorage: 'int32', ShortStorage: 'int16', CharStorage: 'int8',
  ByteStorage: 'uint8', BoolStorage: 'bool', QInt8Storage: 'qint8', QUInt8Storage: 'quint8',
  QInt32Storage: 'qint32', ComplexFloatStorage: 'complex64', ComplexDoubleStorage: 'complex128',
  UntypedStorage: 'uint8', TypedStorage: 'uint8',
};

/** torch.float32 & co. as they appear as globals in newer pickles. */
const TORCH_DTYPES: Record<string, DType> = {
  float32: 'float32', float: 'float32', float64: 'float64', double: 'float64', float16: 'float16', half: 'float16',
  bfloat16: 'bfloat16', int64: 'int64', long: 'int64', int32: 'int32', int: 'int32', int16: 'int16', short: 'int16',
  int8: 'int8', uint8: 'uint8', bool: 'bool', qint8: 'qint8', quint8: 'quint8', qint32: 'qint32',
  complex64: 'complex64', cfloat: 'complex64', complex128: 'complex128', cdouble: 'complex128',
  uint16: 'uint16', uint32: 'uint32', uint64: 'uint64',
};

/** dtype of a storage class such as `torch.FloatStorage` or `torch.cuda.HalfStorage`. */
export function storageDType(module: string, name: string): DType {
  const d = STORAGE_DTYPES[name];
  if (!d || !module.startsWith('torch')) throw new FormatError(`unknown storage type ${module}.${name}`);
  return d;
}

export function torchDType(name: string): DType | undefined {
  return TORCH_DTYPES[name];
}

export function isTensorSpec(v: unknown): v is TensorSpec {
  return typeof v === 'object' && v !== null && (v as { kind?: string }).kind === 'tensor';
}

export function isStorageRef(v: unknown): v is StorageRef {
  return typeof v === 'object' && v !== null && (v as { kind?: string }).kind === 'storage';
}

/**
 * An element count or offset from a persistent id (storage numel, legacy view offset/size):
 * pickles can put anything there, and NaN or -1 would slip past every later `>` comparison.
 */
export function storageCount(v: unknown, what: string): number {
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new FormatError(`${what} is ${typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : String(v)}, not an element count`);
  }
  return n;
}

export function product(shape: number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Checks that a view fits its storage before anything is allocated: hostile files can claim
 * shapes whose product overflows or that reach past the storage.
 */
export function checkView(spec: TensorSpec): void {
  const { shape, stride, offset, storage } = spec;
  if (shape.length !== stride.length) throw new FormatError(`tensor has ${shape.length} dimensions but ${stride.length} strides`);
  if (shape.length > MAX_TENSOR_RANK) throw new FormatError(`tensor has ${shape.length} dimensions, more than the ${MAX_TENSOR_RANK} torch allows`);
  // A negative offset passes the "past the end" test below and reads before the storage.
  if (!Number.isSafeInteger(offset) || offset < 0) throw new FormatError(`tensor has an impossible storage offset (${offset})`);
  let numel = 1, last = offset;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i], s = stride[i];
    if (!Number.isSafeInteger(d) || d < 0 || !Number.isSafeInteger(s) || s < 0) {
      throw new FormatError(`tensor has an impossible size or stride (${shape.join('×')} / ${stride.join(',')})`);
    }
    numel *= d;
    if (!Number.isSafeInteger(numel)) throw new FormatError(`tensor shape ${shape.join('×')} has more elements than can exist`);
    if (d > 0) last += (d - 1) * s;
  }
  const storageElems = storage.numel * DTYPE_SIZE[storage.dtype] / DTYPE_SIZE[spec.dtype];
  if (numel > 0 && last >= storageElems) {
    throw new FormatError(`tensor of shape ${shape.join('×')} needs element ${last} of storage "${storage.key}", which holds ${storageElems}`);
  }
  // Zero strides (expand()) let a view have more elements than its storage; reading expands it,
  // so the expansion is bounded before anything is allocated.
  const bytes = numel * DTYPE_SIZE[spec.dtype];
  if (numel > storageElems && bytes > MAX_EXPANDED_VIEW_BYTES) {
    throw new FormatError(`tensor of shape ${shape.join('×')} repeats a ${storageElems}-element storage into ${bytes} bytes, more than the ${MAX_EXPANDED_VIEW_BYTES} expanded`);
  }
}

export function isContiguous(shape: number[], stride: number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && stride[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}
