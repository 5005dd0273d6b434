import { readTorchTarget, type TargetStorage, type TargetView, type TorchTarget } from '../formats/torch/torchTarget';
import { entryDataOffset, readEntry, type ZipEntry } from '../formats/zip/zipReader';
import { zipParts, type ZipWriteEntry } from '../formats/zip/zipWriter';
import type { Direction, Mapping } from '../mapping';
import { fmtShape } from '../mapping';
import type { ByteSource } from '../io/byteSource';
import { readExact } from '../io/byteSource';
import { DTYPE_SIZE } from '../model/dtype';
import { throwIfAborted } from '../model/errors';
import type { ModelDoc } from '../model/types';
import { castBytes, castNote, castProblem, swapBytes } from './cast';
import { ConvertError } from './errors';
import { MappedTensors } from './mapped';
import { patchedRegion, type Patch } from './patch';
import { readChunks, withProgress } from './stream';
import type { Conversion, ConvertOptions, OpenedFile } from './types';

/**
 * Writes a source's weights into a torch target file (zip, TorchScript or legacy) in place:
 * only the bytes of mapped tensors change. data.pkl, code/, constants, every other entry and
 * every unmapped tensor — optimizer state, num_batches_tracked, buffers — stay byte for byte, so
 * a whole pickled module, a checkpoint or a TorchScript file stays what it was.
 */

interface Plan {
  target: TorchTarget;
  mapped: MappedTensors;
  /** storage key → names of the mapped tensors it backs, in mapping order */
  byStorage: Map<string, string[]>;
  warnings: string[];
}

async function plan(source: ModelDoc, target: OpenedFile, mapping: Mapping, direction: Direction, opts: ConvertOptions): Promise<Plan> {
  const kind = target.doc.format === 'torch-legacy' ? 'legacy' : target.doc.format === 'torch-zip' || target.doc.format === 'torchscript' ? 'zip' : undefined;
  if (!kind) throw new ConvertError(`${target.doc.fileName} is a ${target.doc.format} file; writing into it as a torch file is not supported`);
  const t = await readTorchTarget(target.src, kind);
  const mapped = new MappedTensors(mapping, source, direction, opts);
  const warnings: string[] = [];
  const byStorage = new Map<string, string[]>();
  for (const m of mapped.targets.values()) {
    const view = t.views.get(m.name);
    if (!view) throw new ConvertError(`the mapping writes \`${m.name}\`, which ${target.doc.fileName} does not hold`);
    if (view.quantized) throw new ConvertError(`\`${m.name}\` is a quantized tensor in ${target.doc.fileName}; writing float weights into it is not supported`);
    if (fmtShape(view.shape) !== fmtShape(m.shape)) throw new ConvertError(`\`${m.name}\` is ${fmtShape(view.shape)} in ${target.doc.fileName} but the mapping gives ${fmtShape(m.shape)}`);
    const why = castProblem(m.dtype, view.dtype);
    if (why) throw new ConvertError(`\`${m.name}\`: ${why}`);
    const note = castNote(m.name, m.dtype, view.dtype);
    if (note) warnings.push(note);
    if (!t.storages.has(view.storage)) throw new ConvertError(`\`${m.name}\` lives in storage "${view.storage}", which ${target.doc.fileName} does not list`);
    const list = byStorage.get(view.storage) ?? [];
    list.push(m.name);
    byStorage.set(view.storage, list);
  }
  if (mapped.skipped.length) warnings.push(`incompatible pairs left as the target had them: ${mapped.skipped.join('; ')}`);
  const kept = target.doc.tensors.filter((x) => x.group === 'model' && !mapped.targets.has(x.name) && !x.name.endsWith('num_batches_tracked'));
  if (kept.length) warnings.push(`${kept.length} model tensor(s) of ${target.doc.fileName} are not in the mapping and keep the target's values: ${kept.slice(0, 5).map((x) => x.name).join(', ')}${kept.length > 5 ? ', …' : ''}`);
  return { target: t, mapped, byStorage, warnings };
}

async function patchFor(p: Plan, name: string, view: TargetView, opts: ConvertOptions): Promise<Patch> {
  const applied = await p.mapped.get(name);
  let values = castBytes(name, applied.bytes, applied.dtype, view.dtype);
  const item = DTYPE_SIZE[view.dtype];
  if (p.target.bigEndian) values = swapBytes(values, view.dtype.startsWith('complex') ? item / 2 : item);
  throwIfAborted(opts.signal);
  return { byteOffset: view.offset * item, shape: view.shape, stride: view.stride, item, values };
}

async function patchesOf(p: Plan, storage: string, opts: ConvertOptions): Promise<Patch[]> {
  const out: Patch[] = [];
  for (const name of p.byStorage.get(storage) ?? []) out.push(await patchFor(p, name, p.target.views.get(name)!, opts));
  return out;
}

function storageKeyOf(t: TorchTarget, e: ZipEntry): string | undefined {
  const rest = e.name.startsWith(`${t.prefix}data/`) ? e.name.slice(`${t.prefix}data/`.length)
    : e.name.startsWith(`${t.prefix}constants/`) ? e.name.slice(`${t.prefix}constants/`.length) : undefined;
  return rest !== undefined && t.entries?.get(rest) === e ? rest : undefined;
}

function zipEntries(p: Plan, src: ByteSource, opts: ConvertOptions): ZipWriteEntry[] {
  const chunk = opts.chunkBytes;
  return p.target.zip!.entries.map((e): ZipWriteEntry => {
    const key = storageKeyOf(p.target, e);
    if (key === undefined || !p.byStorage.has(key)) {
      return {
        name: e.name, size: e.compressedSize, copied: { method: e.method, crc32: e.crc32, uncompressedSize: e.size },
        data: async function* () { yield* readChunks(src, await entryDataOffset(src, e), e.compressedSize, chunk, opts.signal); },
      };
    }
    return {
      name: e.name, size: e.size,
      data: async function* () {
        // torch stores storages uncompressed; a deflated one (hand-made zips) is inflated and written stored
        const inflated = e.method === 0 ? undefined : await readEntry(src, e);
        const start = e.method === 0 ? await entryDataOffset(src, e) : 0;
        const read = async (o: number, n: number): Promise<Uint8Array> => (inflated ? inflated.subarray(o, o + n) : readExact(src, start + o, n));
        yield* patchedRegion(read, e.size, await patchesOf(p, key, opts), { chunk, signal: opts.signal });
      },
    };
  });
}

/** Legacy files: the whole file copied, with the raw bytes of mapped storages patched (same lengths). */
async function* legacyParts(p: Plan, src: ByteSource, opts: ConvertOptions): AsyncGenerator<Uint8Array> {
  const touched = [...p.byStorage.keys()].map((k) => p.target.storages.get(k)!).filter((s): s is TargetStorage & { dataOffset: number } => s.dataOffset !== undefined);
  touched.sort((a, b) => a.dataOffset - b.dataOffset);
  let pos = 0;
  for (const s of touched) {
    yield* readChunks(src, pos, s.dataOffset - pos, opts.chunkBytes, opts.signal);
    const read = (o: number, n: number): Promise<Uint8Array> => readExact(src, s.dataOffset + o, n);
    yield* patchedRegion(read, s.byteLength, await patchesOf(p, s.key, opts), { chunk: opts.chunkBytes, signal: opts.signal });
    pos = s.dataOffset + s.byteLength;
  }
  yield* readChunks(src, pos, src.size - pos, opts.chunkBytes, opts.signal);
}

export async function convertIntoTorch(source: ModelDoc, target: OpenedFile, mapping: Mapping, direction: Direction, opts: ConvertOptions = {}): Promise<Conversion> {
  const p = await plan(source, target, mapping, direction, opts);
  const parts = p.target.kind === 'zip'
    ? zipParts(zipEntries(p, target.src, opts), { align: 64, signal: opts.signal })
    : legacyParts(p, target.src, opts);
  return {
    format: 'pt', fileName: target.doc.fileName, size: target.src.size,
    parts: withProgress(parts, target.src.size, `writing ${target.doc.fileName}`, opts.onProgress, opts.signal),
    warnings: p.warnings, mapping, direction, written: [...p.mapped.targets.keys()],
  };
}
