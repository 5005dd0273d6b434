import { checkH5OutputSize, editHdf5 } from '../formats/hdf5/h5Writer';
import { entryDataOffset, readEntry, readZipDirectory, type ZipEntry } from '../formats/zip/zipReader';
import { zipParts, type ZipWriteEntry } from '../formats/zip/zipWriter';
import { fmtShape, type Direction, type Mapping } from '../mapping';
import { readExact, type ByteSource } from '../io/byteSource';
import type { ModelDoc } from '../model/types';
import { castBytes, castNote, castProblem } from './cast';
import { ConvertError } from './errors';
import { MappedTensors } from './mapped';
import { chunksOf, readChunks, withProgress } from './stream';
import type { Conversion, ConvertOptions, OpenedFile } from './types';

/**
 * Writes a source's weights into a Keras target: an HDF5 file (Keras 2 `model.save`,
 * `save_weights`, Keras 3 `.weights.h5`) gets its mapped datasets overwritten in place, with
 * their own dtypes; a `.keras` zip gets its `model.weights.h5` rewritten that way and every other
 * entry (config.json, metadata.json, assets) copied as stored.
 */

function check(source: ModelDoc, target: ModelDoc, mapped: MappedTensors): string[] {
  const byName = new Map(target.tensors.map((t) => [t.name, t]));
  const warnings: string[] = [];
  for (const m of mapped.targets.values()) {
    const t = byName.get(m.name);
    if (!t) throw new ConvertError(`the mapping writes \`${m.name}\`, which ${target.fileName} does not hold`);
    if (fmtShape(t.shape) !== fmtShape(m.shape)) throw new ConvertError(`\`${m.name}\` is ${fmtShape(t.shape)} in ${target.fileName} but the mapping gives ${fmtShape(m.shape)} from ${source.fileName}`);
    const why = castProblem(m.dtype, t.dtype);
    if (why) throw new ConvertError(`\`${m.name}\`: ${why}`);
    const note = castNote(m.name, m.dtype, t.dtype);
    if (note) warnings.push(note);
  }
  if (mapped.skipped.length) warnings.push(`incompatible pairs left as the target had them: ${mapped.skipped.join('; ')}`);
  const kept = target.tensors.filter((t) => t.group === 'model' && !mapped.targets.has(t.name));
  if (kept.length) warnings.push(`${kept.length} model tensor(s) of ${target.fileName} are not in the mapping and keep the target's values: ${kept.slice(0, 5).map((t) => t.name).join(', ')}${kept.length > 5 ? ', …' : ''}`);
  return warnings;
}

async function rewrite(h5: Uint8Array, what: string, mapped: MappedTensors, opts: ConvertOptions): Promise<Uint8Array> {
  let done = 0;
  const total = mapped.targets.size;
  return editHdf5(h5, what, async (ed) => {
    for (const name of mapped.targets.keys()) {
      const ds = ed.dataset(name);
      if (!ds?.dtype) throw new ConvertError(`${what} has no numeric dataset /${name}`);
      const applied = await mapped.get(name);
      ed.write(name, castBytes(name, applied.bytes, applied.dtype, ds.dtype));
      opts.onProgress?.({ bytes: 0, stage: `writing datasets (${++done} of ${total})` });
    }
  });
}

function zipEntriesWith(src: ByteSource, entries: ZipEntry[], replaced: string, bytes: Uint8Array, opts: ConvertOptions): ZipWriteEntry[] {
  return entries.map((e): ZipWriteEntry => (e.name === replaced
    ? { name: e.name, size: bytes.length, data: bytes }
    : {
      name: e.name, size: e.compressedSize, copied: { method: e.method, crc32: e.crc32, uncompressedSize: e.size },
      data: async function* () { yield* readChunks(src, await entryDataOffset(src, e), e.compressedSize, opts.chunkBytes, opts.signal); },
    }));
}

export async function convertIntoKeras(source: ModelDoc, target: OpenedFile, mapping: Mapping, direction: Direction, opts: ConvertOptions = {}): Promise<Conversion> {
  const { doc, src } = target;
  if (!doc.format.startsWith('keras')) throw new ConvertError(`${doc.fileName} is not a Keras file`);
  const mapped = new MappedTensors(mapping, source, direction, opts);
  const warnings = check(source, doc, mapped);
  const base = { fileName: doc.fileName, warnings, mapping, direction, written: [...mapped.targets.keys()] };
  if (doc.format !== 'keras-zip') {
    checkH5OutputSize(src.size, doc.fileName);
    const parts = async function* (): AsyncGenerator<Uint8Array> {
      const bytes = await rewrite(await readExact(src, 0, src.size), doc.fileName, mapped, opts);
      yield* chunksOf(bytes, opts.chunkBytes);
    };
    return { ...base, format: 'h5', size: src.size, parts: withProgress(parts(), src.size, `writing ${doc.fileName}`, opts.onProgress, opts.signal) };
  }
  const zip = await readZipDirectory(src);
  const weights = zip.byName.get('model.weights.h5');
  if (!weights) throw new ConvertError(`${doc.fileName} has no model.weights.h5 to write weights into`);
  checkH5OutputSize(weights.size, `${doc.fileName}: model.weights.h5`);
  const parts = async function* (): AsyncGenerator<Uint8Array> {
    const h5 = await rewrite(await readEntry(src, weights, weights.size), `${doc.fileName}: model.weights.h5`, mapped, opts);
    yield* zipParts(zipEntriesWith(src, zip.entries, weights.name, h5, opts), { signal: opts.signal });
  };
  return { ...base, format: 'keras', size: src.size, parts: withProgress(parts(), src.size, `writing ${doc.fileName}`, opts.onProgress, opts.signal) };
}
