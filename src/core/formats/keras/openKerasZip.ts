import type { ByteSource } from '../../io/byteSource';
import { bytesSource, readExact } from '../../io/byteSource';
import { FormatError, throwIfAborted } from '../../model/errors';
import type { ModelDoc, TensorRef } from '../../model/types';
import { Hdf5File } from '../hdf5/hdf5File';
import { MAX_JSON_BYTES } from '../limits';
import type { OpenOptions } from '../reader';
import { entryDataOffset, readEntry, type ZipDirectory, type ZipEntry } from '../zip/zipReader';
import { assembleDoc, CONTENTS_FULL, parseJsonLoose, producerOf } from './kerasDoc';
import { parseModelConfig } from './modelConfig';
import { v3OptimizerName, v3Tensors } from './v3Weights';

const utf8 = new TextDecoder('utf-8');

/**
 * The weights file inside the zip as a ByteSource. Keras stores it uncompressed, so it is a byte
 * range of the zip: in a worker its Blob slice is mounted and read lazily. A deflated one is inflated.
 */
async function entrySource(src: ByteSource, e: ZipEntry): Promise<ByteSource> {
  if (e.method !== 0) return bytesSource(await readEntry(src, e), e.name);
  const start = await entryDataOffset(src, e);
  return {
    name: e.name,
    size: e.size,
    blob: src.blob?.slice(start, start + e.size),
    read: (offset, length) => readExact(src, start + offset, Math.max(0, Math.min(length, e.size - offset))),
  };
}

async function readJson(src: ByteSource, e: ZipEntry | undefined): Promise<string | undefined> {
  return e ? utf8.decode(await readEntry(src, e, MAX_JSON_BYTES)) : undefined;
}

/** Opens a `.keras` zip (Keras 3, or tf.keras ≥ 2.13's v3 format): config.json + model.weights.h5. */
export async function openKerasZip(src: ByteSource, zip: ZipDirectory, opts: OpenOptions): Promise<ModelDoc> {
  const configText = await readJson(src, zip.byName.get('config.json'));
  if (configText === undefined) throw new FormatError('a .keras zip without config.json');
  const meta = parseJsonLoose(await readJson(src, zip.byName.get('metadata.json')));
  const metaRecord = meta && typeof meta === 'object' ? (meta as Record<string, unknown>) : {};
  const version = typeof metaRecord.keras_version === 'string' ? metaRecord.keras_version : undefined;
  const tree = parseModelConfig(configText, 'config.json');
  const warnings = [...tree.warnings];
  const metadata: Record<string, unknown> = { ...metaRecord, model_class: tree.modelClass, architecture: 'present' };
  const compile = tree.json.compile_config;
  if (compile !== undefined) metadata.compile_config = compile;
  const assets = zip.entries.filter((e) => e.name.startsWith('assets/')).length;
  if (assets) metadata.assets = assets;

  let tensors: TensorRef[] = [];
  const weights = zip.byName.get('model.weights.h5');
  if (!weights) {
    warnings.push('this .keras zip has no model.weights.h5: the architecture is shown without weights');
  } else {
    throwIfAborted(opts.signal);
    opts.onProgress?.(0.1, 'loading the HDF5 reader');
    const file = await Hdf5File.open(await entrySource(src, weights), opts.signal).catch((err: unknown) => {
      throw new FormatError(`model.weights.h5 inside the zip: ${(err as Error).message}`);
    });
    try {
      const listing = file.list();
      tensors = v3Tensors(file, listing, tree.root, warnings);
      const opt = v3OptimizerName(file, listing);
      if (opt) metadata.optimizer = { name: opt };
    } catch (err) {
      file.close();
      throw err;
    }
  }
  opts.onProgress?.(1, 'done');
  return assembleDoc({
    fileName: src.name, fileSize: src.size, format: 'keras-zip',
    producer: producerOf({ format: 'keras-zip', version }), contents: CONTENTS_FULL,
    root: tree.root, tensors, metadata, warnings,
  });
}
