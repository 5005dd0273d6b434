import type { ByteSource } from '../../io/byteSource';
import type { DType } from '../../model/dtype';
import { DTYPE_SIZE } from '../../model/dtype';
import { FormatError } from '../../model/errors';
import type { ModelDoc } from '../../model/types';
import type { OpenOptions } from '../reader';
import { entryDataOffset, readEntry, readStoredRange, type ZipDirectory } from '../zip/zipReader';
import type { Interpreted } from './interpret';
import { checkView, type StorageRef, type TensorSpec } from './storage';
import { buildTorchDoc } from './torchDoc';

/** The PyTorch 1.0/1.1 TorchScript container: model.json (protobuf as JSON) + tensors/N. */
interface JsonTensor { dims?: string[]; offset?: string; strides?: string[]; dataType?: string; data?: { key?: string }; device?: string }
interface JsonParam { name?: string; tensorId?: string; isBuffer?: boolean }
interface JsonModule { name?: string; parameters?: JsonParam[]; submodules?: JsonModule[] }

const DTYPES: Record<string, DType> = {
  FLOAT: 'float32', DOUBLE: 'float64', HALF: 'float16', BFLOAT16: 'bfloat16', INT64: 'int64', INT32: 'int32',
  INT16: 'int16', INT8: 'int8', UINT8: 'uint8', BOOL: 'bool',
};

export async function openTorchScriptV1(src: ByteSource, zip: ZipDirectory, _opts: OpenOptions): Promise<ModelDoc> {
  const entry = zip.entries.find((e) => e.name.endsWith('model.json'))!;
  const prefix = entry.name.slice(0, entry.name.length - 'model.json'.length);
  let model: { mainModule?: JsonModule; tensors?: JsonTensor[]; producerVersion?: string; protoVersion?: string };
  try {
    model = JSON.parse(new TextDecoder().decode(await readEntry(src, entry, 64 * 1024 * 1024)));
  } catch {
    throw new FormatError('model.json of this TorchScript archive is not valid JSON');
  }
  const storages = new Map<string, StorageRef>();
  const specOf = (id: string | undefined): TensorSpec => {
    const t = model.tensors?.[Number(id)];
    if (!t) throw new FormatError(`model.json refers to tensor ${id}, which it does not list`);
    const dtype = DTYPES[t.dataType ?? ''];
    if (!dtype) throw new FormatError(`model.json tensor ${id} has unsupported type ${t.dataType}`);
    const key = t.data?.key ?? '';
    let st = storages.get(key);
    if (!st) {
      const e = zip.byName.get(prefix + key);
      if (!e) throw new FormatError(`TorchScript archive lacks ${key}`);
      let off: Promise<number> | undefined;
      st = {
        kind: 'storage', key, dtype, location: t.device ?? 'cpu', numel: Math.floor(e.size / DTYPE_SIZE[dtype]),
        read: async (o, n) => readStoredRange(src, e, await (off ??= entryDataOffset(src, e)), o, n),
      };
      storages.set(key, st);
    }
    const spec: TensorSpec = {
      kind: 'tensor', storage: st, dtype, offset: Number(t.offset ?? 0),
      shape: (t.dims ?? []).map(Number), stride: (t.strides ?? []).map(Number),
    };
    checkView(spec);
    return spec;
  };
  const it: Interpreted = { events: [], metadata: {}, contents: 'TorchScript module (PyTorch 1.0/1.1 layout)', warnings: [] };
  const visit = (m: JsonModule, path: string, depth: number): void => {
    if (depth > 256) throw new FormatError('model.json modules nest too deeply');
    // This layout stores no class names: the root keeps the module's name, the rest are inferred.
    it.events.push({ type: 'layer', path, kind: path ? '' : (m.name ?? ''), className: '', config: {} });
    for (const p of m.parameters ?? []) {
      it.events.push({ type: 'tensor', name: path ? `${path}.${p.name}` : String(p.name), spec: specOf(p.tensorId), group: 'model' });
    }
    for (const sub of m.submodules ?? []) visit(sub, path ? `${path}.${sub.name}` : String(sub.name), depth + 1);
  };
  visit(model.mainModule ?? {}, '', 0);
  return buildTorchDoc(it, {
    fileName: src.name, fileSize: src.size, format: 'torchscript-v1', bigEndian: false,
    producer: `TorchScript archive, PyTorch ${model.producerVersion ?? '1.0'} layout (model.json protoVersion ${model.protoVersion ?? '?'})`,
  });
}
