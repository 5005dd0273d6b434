import { FormatError } from '../../model/errors';
import type { Builder, PyValue } from '../pickle/values';
import { PyGlobal, PyTuple } from '../pickle/values';
import { checkView, isStorageRef, isTensorSpec, torchDType, type TensorSpec } from './storage';

/**
 * Data builders for the torch globals a checkpoint uses. Each takes the pickled arguments and
 * returns a description (a TensorSpec, a list, a string); none of them calls into anything.
 */
function ints(v: PyValue | undefined, what: string): number[] {
  const items = v instanceof PyTuple ? v.items : Array.isArray(v) ? v : null;
  if (!items) throw new FormatError(`${what} is not a tuple of integers`);
  return items.map((x) => {
    const n = typeof x === 'bigint' ? Number(x) : x;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new FormatError(`${what} holds a non-integer`);
    return n;
  });
}

function int(v: PyValue | undefined, what: string): number {
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new FormatError(`${what} is not an integer`);
  return n;
}

function rebuildTensor(args: PyValue[]): TensorSpec {
  const [storage, offset, size, stride] = args;
  if (!isStorageRef(storage)) throw new FormatError('a tensor refers to something that is not a storage');
  const spec: TensorSpec = {
    kind: 'tensor', storage, dtype: storage.dtype,
    offset: int(offset, 'storage offset'), shape: ints(size, 'tensor size'), stride: ints(stride, 'tensor stride'),
  };
  checkView(spec);
  return spec;
}

function rebuildQTensor(args: PyValue[]): TensorSpec {
  const spec = rebuildTensor(args);
  const q = args[4];
  const params = q instanceof PyTuple ? q.items : [];
  const scheme = params[0] instanceof PyGlobal ? params[0].name : String(params[0]);
  if (scheme === 'per_tensor_affine') {
    spec.quant = { scheme, scale: Number(params[1]), zeroPoint: Number(params[2]) };
  } else if (scheme === 'per_channel_affine' || scheme === 'per_channel_affine_float_qparams') {
    const scales = params[1], zeroPoints = params[2];
    spec.quant = { scheme, axis: Number(params[3]) };
    if (isTensorSpec(scales) && isTensorSpec(zeroPoints)) spec.quantTensors = { scales, zeroPoints };
  } else {
    spec.quant = { scheme };
  }
  return spec;
}

function firstTensor(args: PyValue[], what: string): TensorSpec {
  if (!isTensorSpec(args[0])) throw new FormatError(`${what} does not wrap a tensor`);
  return args[0];
}

/** `_rebuild_from_type_v2(func, new_type, args, state)`: runs `func` only if it is one of ours. */
function rebuildFromType(args: PyValue[]): PyValue {
  const [func, , inner] = args;
  const innerArgs = inner instanceof PyTuple ? inner.items : Array.isArray(inner) ? inner : [];
  if (func instanceof PyGlobal) {
    const b = TORCH_BUILDERS[func.qualified];
    if (b) return b(innerArgs);
  }
  throw new FormatError(`tensor subclass rebuilt through an unknown function (${func instanceof PyGlobal ? func.qualified : typeof func})`);
}

const passList: Builder = (args) => (Array.isArray(args[0]) ? args[0] : args[0] instanceof PyTuple ? args[0].items : []);

export const TORCH_BUILDERS: Record<string, Builder> = {
  'torch._utils._rebuild_tensor_v2': rebuildTensor,
  'torch._utils._rebuild_tensor': rebuildTensor,
  'torch._utils._rebuild_tensor_v3': (args) => rebuildTensor(args),
  'torch._utils._rebuild_qtensor': rebuildQTensor,
  'torch._utils._rebuild_parameter': (args) => firstTensor(args, 'a parameter'),
  'torch._utils._rebuild_parameter_with_state': (args) => firstTensor(args, 'a parameter'),
  'torch._tensor._rebuild_from_type_v2': rebuildFromType,
  'torch._utils._rebuild_from_type_v2': rebuildFromType,
  'torch.Size': passList,
  'torch.device': (args) => args.map(String).join(':'),
  'torch.jit._pickle.build_intlist': passList,
  'torch.jit._pickle.build_doublelist': passList,
  'torch.jit._pickle.build_boollist': passList,
  'torch.jit._pickle.build_tensorlist': passList,
  'torch.jit._pickle.restore_type_tag': (args) => args[0] ?? null,
};

/** Names a torch dtype global, e.g. `torch.float16` → 'float16' (for metadata display). */
export function dtypeName(v: PyValue): string | undefined {
  return v instanceof PyGlobal && v.module === 'torch' ? torchDType(v.name) : undefined;
}
