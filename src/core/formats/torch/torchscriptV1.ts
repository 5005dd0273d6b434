import type { ByteSource } from '../../io/byteSource';
import type { DType } from '../../model/dtype';
import { DTYPE_SIZE } from '../../model/dtype';
import { FormatError } from '../../model/errors';
import type { ModelDoc } from '../../model/types';
import type { OpenOptions } from '../reader';
import { MAX_JSON_BYTES, shownName } from '../limits';
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

/**
 * model.json is untrusted JSON: every field is checked for the type the code below relies on,
 * so a damaged file gets a sentence about model.json rather than a TypeError from deep inside.
 */
function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function listOf<T>(v: unknown, what: string): T[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new FormatError(`model.json is malformed: ${what} is not a list`);
  return v as T[];
}

function intsOf(v: unknown, what: string): number[] {
  return listOf<unknown>(v, what).map((x) => intOf(x, what));
}

function intOf(x: unknown, what: string): number {
  const n = typeof x === 'string' && /^-?\d+$/.test(x) ? Number(x) : x;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new FormatError(`model.json is malformed: ${what} holds ${shownName(String(JSON.stringify(x)))}, not an integer`);
  return n;
}

export async function openTorchScriptV1(src: ByteSource, zip: ZipDirectory, _opts: OpenOptions): Promise<ModelDoc> {
  const entry = zip.entries.find((e) => e.name.endsWith('model.json'))!;
  const prefix = entry.name.slice(0, entry.name.length - 'model.json'.length);
  let model: { mainModule?: JsonModule; tensors?: JsonTensor[]; producerVersion?: string; protoVersion?: string };
  const text = new TextDecoder().decode(await readEntry(src, entry, MAX_JSON_BYTES));
  try {
    model = JSON.parse(text);
  } catch {
    throw new FormatError('model.json of this TorchScript archive is not valid JSON');
  }
  if (!isRecord(model)) throw new FormatError('model.json of this TorchScript archive is not a JSON object');
  const tensors = listOf<JsonTensor>(model.tensors, 'tensors');
  const storages = new Map<string, StorageRef>();
  const specOf = (id: unknown): TensorSpec => {
    const t = tensors[intOf(id ?? '', 'a tensorId')];
    if (!isRecord(t)) throw new FormatError(`model.json refers to tensor ${shownName(String(id))}, which it does not list`);
    const dtype = typeof t.dataType === 'string' && Object.hasOwn(DTYPES, t.dataType) ? DTYPES[t.dataType] : undefined;
    if (!dtype) throw new FormatError(`model.json tensor ${shownName(String(id))} has unsupported type ${shownName(String(t.dataType))}`);
    const key = isRecord(t.data) && typeof t.data.key === 'string' ? t.data.key : '';
    let st = storages.get(key);
    if (!st) {
      const e = zip.byName.get(prefix + key);
      if (!e) throw new FormatError(`TorchScript archive lacks ${shownName(key)}`);
      let off: Promise<number> | undefined;
      st = {
        kind: 'storage', key, dtype, location: String(t.device ?? 'cpu'), numel: Math.floor(e.size / DTYPE_SIZE[dtype]),
        read: async (o, n) => readStoredRange(src, e, await (off ??= entryDataOffset(src, e)), o, n),
      };
      storages.set(key, st);
    }
    const spec: TensorSpec = {
      kind: 'tensor', storage: st, dtype, offset: intOf(t.offset ?? 0, 'a tensor offset'),
      shape: intsOf(t.dims, 'tensor dims'), stride: intsOf(t.strides, 'tensor strides'),
    };
    checkView(spec);
    return spec;
  };
  const it: Interpreted = { events: [], metadata: {}, contents: 'TorchScript module (PyTorch 1.0/1.1 layout)', warnings: [] };
  const visit = (m: JsonModule, path: string, depth: number): void => {
    if (depth > 256) throw new FormatError('model.json modules nest too deeply');
    if (!isRecord(m)) throw new FormatError('model.json is malformed: a module is not an object');
    // This layout stores no class names: the root keeps the module's name, the rest are inferred.
    it.events.push({ type: 'layer', path, kind: path ? '' : String(m.name ?? ''), className: '', config: {} });
    for (const p of listOf<JsonParam>(m.parameters, 'parameters')) {
      if (!isRecord(p)) throw new FormatError('model.json is malformed: a parameter is not an object');
      it.events.push({ type: 'tensor', name: path ? `${path}.${String(p.name)}` : String(p.name), spec: specOf(p.tensorId), group: 'model' });
    }
    for (const sub of listOf<JsonModule>(m.submodules, 'submodules')) {
      visit(sub, path ? `${path}.${String(isRecord(sub) ? sub.name : '')}` : String(isRecord(sub) ? sub.name : ''), depth + 1);
    }
  };
  visit(model.mainModule ?? {}, '', 0);
  return buildTorchDoc(it, {
    fileName: src.name, fileSize: src.size, format: 'torchscript-v1', bigEndian: false,
    producer: `TorchScript archive, PyTorch ${String(model.producerVersion ?? '1.0').slice(0, 40)} layout (model.json protoVersion ${String(model.protoVersion ?? '?').slice(0, 40)})`,
  });
}
