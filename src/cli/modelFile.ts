import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { releaseKerasModel } from '../core/formats/keras';
import { openModel } from '../core/formats/registry';
import { fileSource } from '../core/io/nodeSource';
import type { ModelDoc } from '../core/model/types';
import {
  prepareModel, randomSample, sampleFromNpy, sampleFromRefJson, withArchitectureOf,
  type InputSpec, type PrepareOptions, type RunnableModel, type Sample,
} from '../core/runtime';

/** A model file opened for running, with everything to release afterwards. */
export interface OpenedModel {
  model: RunnableModel;
  close(): Promise<void>;
}

async function openDoc(path: string): Promise<{ doc: ModelDoc; src: Awaited<ReturnType<typeof fileSource>> }> {
  const src = await fileSource(path);
  try {
    return { doc: await openModel(src), src };
  } catch (err) {
    await src.close();
    throw err;
  }
}

/**
 * Opens a model to run. With `archPath`, the file's weights run with that file's architecture
 * (a state_dict with the whole module it came from).
 */
export async function openRunnable(path: string, archPath: string | undefined, opts: PrepareOptions): Promise<OpenedModel> {
  const opened: { doc: ModelDoc; src: Awaited<ReturnType<typeof fileSource>> }[] = [];
  const close = async (): Promise<void> => {
    for (const o of opened) {
      releaseKerasModel(o.doc);
      await o.src.close();
    }
  };
  try {
    const main = await openDoc(path);
    opened.push(main);
    let doc = main.doc;
    let source = main.src;
    if (archPath) {
      const arch = await openDoc(archPath);
      opened.push(arch);
      doc = withArchitectureOf(arch.doc, main.doc);
      source = arch.src;
    }
    return { model: await prepareModel(doc, { ...opts, source }), close };
  } catch (err) {
    await close();
    throw err;
  }
}

export interface LoadedInput {
  sample: Sample;
  /** the reference output a ref.json carries, to check the run against */
  reference?: { shape: number[]; values: number[] };
}

/** --input: a ref.json ({input_shape, input, output…}) or a .npy in the model's layout; else a seeded sample. */
export async function loadInput(path: string | undefined, spec: InputSpec, seed: number, normal: boolean): Promise<LoadedInput> {
  if (!path) return { sample: randomSample(spec, { seed, distribution: normal ? 'normal' : 'uniform' }) };
  const bytes = await readFile(path);
  if (extname(path).toLowerCase() === '.npy') {
    const layout = spec.shape.length === 0 ? '' : spec.layout;
    return { sample: sampleFromNpy(new Uint8Array(bytes), layout, path) };
  }
  const json = JSON.parse(bytes.toString('utf8')) as { output?: number[]; output_shape?: number[] };
  const sample = sampleFromRefJson(json, path);
  const reference = Array.isArray(json.output) && Array.isArray(json.output_shape) ? { shape: json.output_shape, values: json.output } : undefined;
  return { sample, ...(reference ? { reference } : {}) };
}

/** "28x28" or "32" → [28, 28] / [32]. */
export function parseSize(v: string | undefined): number[] | undefined {
  if (v === undefined) return undefined;
  const dims = v.split(/[x×,]/).map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d <= 0)) throw new Error(`--size ${v}: expected sizes like 28x28 or 100`);
  return dims;
}
