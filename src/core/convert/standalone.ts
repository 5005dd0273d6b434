import { safetensorsHeader, safetensorsWritable } from '../formats/safetensors/safetensorsWriter';
import { stateDictEntries, torchWritable } from '../formats/torch/torchWriter';
import { zipParts } from '../formats/zip/zipWriter';
import { frameworkOf } from '../mapping';
import { DTYPE_SIZE } from '../model/dtype';
import { throwIfAborted } from '../model/errors';
import type { ModelDoc } from '../model/types';
import { ConvertError } from './errors';
import { suggestedName } from './names';
import { chunksOf, withProgress } from './stream';
import { ownTensors, torchLayoutTensors, type OutTensors } from './tensorsOut';
import { torchToKeras } from './torchToKeras';
import type { Conversion, ConvertOptions, OutputFormat } from './types';

/**
 * Conversions of one model with no target file: a torch state_dict (.pt), a Keras 2 model (.h5)
 * from a torch nn.Sequential, or safetensors. Tensors are computed one at a time as the output
 * is written.
 */
export interface StandaloneOptions extends ConvertOptions {
  /** safetensors of a Keras model: torch names and layouts (default) or the Keras ones as they are */
  layout?: 'torch' | 'source';
  /** torch → Keras: the input's spatial size (H, W) when the model does not fix it */
  spatial?: number[];
}

const numelOf = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

async function* tensorBytes(out: OutTensors, i: number, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  throwIfAborted(signal);
  const t = out.tensors[i];
  const b = await t.bytes(signal);
  const expected = numelOf(t.shape) * DTYPE_SIZE[t.dtype];
  if (b.length !== expected) throw new ConvertError(`\`${t.name}\` gave ${b.length} bytes, ${expected} expected`);
  yield b;
}

function toStateDict(doc: ModelDoc, opts: StandaloneOptions): Conversion {
  const out = torchLayoutTensors(doc, torchWritable, opts);
  const entries = stateDictEntries('archive', out.tensors, (i) => tensorBytes(out, i, opts.signal));
  const size = entries.reduce((a, e) => a + e.size + 128, 22);
  return {
    format: 'pt', fileName: suggestedName(doc.fileName, 'pt', frameworkOf(doc)), size, warnings: out.warnings,
    parts: withProgress(zipParts(entries, { align: 64, signal: opts.signal }), size, 'writing the state_dict', opts.onProgress, opts.signal),
    ...(out.mapping ? { mapping: out.mapping, direction: out.direction } : {}), written: out.tensors.map((t) => t.name),
  };
}

function toSafetensors(doc: ModelDoc, opts: StandaloneOptions): Conversion {
  const keras = frameworkOf(doc) === 'keras';
  const asTorch = !keras || opts.layout !== 'source';
  const out = asTorch ? torchLayoutTensors(doc, safetensorsWritable, opts) : ownTensors(doc, safetensorsWritable);
  const { header, dataBytes } = safetensorsHeader(out.tensors, { format: asTorch ? 'pt' : 'tf' });
  const size = header.length + dataBytes;
  const parts = async function* (): AsyncGenerator<Uint8Array> {
    yield header;
    for (let i = 0; i < out.tensors.length; i++) yield* tensorBytes(out, i, opts.signal);
  };
  return {
    format: 'safetensors', fileName: suggestedName(doc.fileName, 'safetensors', frameworkOf(doc)), size, warnings: out.warnings,
    parts: withProgress(parts(), size, 'writing safetensors', opts.onProgress, opts.signal),
    ...(out.mapping ? { mapping: out.mapping, direction: out.direction } : {}), written: out.tensors.map((t) => t.name),
  };
}

function toKerasH5(doc: ModelDoc, opts: StandaloneOptions): Conversion {
  if (frameworkOf(doc) === 'keras') throw new ConvertError(`${doc.fileName} is a Keras model already; convert it into a Keras target file to change its weights`);
  const k = torchToKeras(doc, { spatial: opts.spatial });
  const parts = async function* (): AsyncGenerator<Uint8Array> {
    opts.onProgress?.({ bytes: 0, stage: 'building the HDF5 file' });
    yield* chunksOf(await k.write(opts.signal), opts.chunkBytes);
  };
  return {
    format: 'h5', fileName: suggestedName(doc.fileName, 'h5', 'torch'), warnings: k.warnings,
    parts: withProgress(parts(), undefined, 'writing the Keras file', opts.onProgress, opts.signal),
    mapping: k.mapping, direction: 'a-to-b', written: k.twin.tensors.map((t) => t.name),
  };
}

/** Converts one model on its own (no target file) into `format`. */
export function convertStandalone(doc: ModelDoc, format: OutputFormat, opts: StandaloneOptions = {}): Conversion {
  switch (format) {
    case 'pt': return toStateDict(doc, opts);
    case 'safetensors': return toSafetensors(doc, opts);
    case 'h5': return toKerasH5(doc, opts);
    case 'keras': throw new ConvertError('writing a Keras 3 .keras file from scratch is not supported yet: write .h5 (Keras 2 model.save layout, which Keras 3 also loads)');
  }
}
