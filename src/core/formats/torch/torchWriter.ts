import type { DType } from '../../model/dtype';
import { DTYPE_SIZE } from '../../model/dtype';
import { FormatError } from '../../model/errors';
import { PickleWriter } from '../pickle/pickleWriter';
import type { ZipWriteEntry } from '../zip/zipWriter';

/**
 * Writes a state_dict the way torch.save does (torch ≥ 1.6 zip): `<folder>/data.pkl` (protocol 2:
 * an `collections.OrderedDict` of `torch._utils._rebuild_tensor_v2(persistent storage id, offset,
 * size, stride, False, OrderedDict())`), one `data/<n>` entry per tensor, `byteorder` and
 * `version`. Only globals torch's weights_only unpickler allows appear, so
 * `torch.load(f, weights_only=True)` accepts the file.
 */
export interface TorchTensorOut {
  name: string;
  dtype: DType;
  shape: number[];
}

const STORAGE_CLASS: Partial<Record<DType, string>> = {
  float32: 'FloatStorage', float64: 'DoubleStorage', float16: 'HalfStorage', bfloat16: 'BFloat16Storage',
  int64: 'LongStorage', int32: 'IntStorage', int16: 'ShortStorage', int8: 'CharStorage',
  uint8: 'ByteStorage', bool: 'BoolStorage', complex64: 'ComplexFloatStorage', complex128: 'ComplexDoubleStorage',
};

/** Whether torch has a storage type for this dtype (quantized and unsigned 16–64-bit ones are left out). */
export function torchWritable(dtype: DType): boolean {
  return STORAGE_CLASS[dtype] !== undefined;
}

export function contiguousStride(shape: number[]): number[] {
  const stride = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    stride[i] = s;
    s *= shape[i];
  }
  return stride;
}

const numelOf = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** data.pkl of a state_dict whose tensor i lives alone in storage `String(i)`. */
export function stateDictPickle(tensors: TorchTensorOut[]): Uint8Array {
  const p = new PickleWriter().proto(2);
  p.global('collections', 'OrderedDict').emptyTuple().reduce();
  if (tensors.length) p.mark();
  tensors.forEach((t, i) => {
    const cls = STORAGE_CLASS[t.dtype];
    if (!cls) throw new FormatError(`"${t.name}" is ${t.dtype}, which a torch storage cannot hold`);
    p.string(t.name);
    p.global('torch._utils', '_rebuild_tensor_v2');
    p.tuple(6, () => {
      p.tuple(5, () => {
        p.string('storage').global('torch', cls).string(String(i)).string('cpu').int(numelOf(t.shape));
      });
      p.binpersid();
      p.int(0).ints(t.shape).ints(contiguousStride(t.shape)).bool(false);
      p.global('collections', 'OrderedDict').emptyTuple().reduce();
    });
    p.reduce();
  });
  if (tensors.length) p.setitems();
  return p.stop().bytes();
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/**
 * The zip entries of a state_dict archive; `data(i)` streams tensor i's contiguous little-endian
 * bytes. Entries are produced lazily, so tensors are computed one at a time while writing.
 */
export function stateDictEntries(folder: string, tensors: TorchTensorOut[], data: (i: number) => AsyncIterable<Uint8Array>): ZipWriteEntry[] {
  const pkl = stateDictPickle(tensors);
  return [
    { name: `${folder}/data.pkl`, size: pkl.length, data: pkl },
    { name: `${folder}/byteorder`, size: 6, data: text('little') },
    ...tensors.map((t, i): ZipWriteEntry => ({
      name: `${folder}/data/${i}`, size: numelOf(t.shape) * DTYPE_SIZE[t.dtype], data: () => data(i),
    })),
    { name: `${folder}/version`, size: 2, data: text('3\n') },
  ];
}
