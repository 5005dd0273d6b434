import { compareLayers, compareOutputs, DEFAULT_TOLERANCE, outputOf, type LayerComparison, type LayerPair, type OutputComparison } from './compare';
import { defaultPairs } from './pairing';
import { randomSample, type Distribution } from './sample';
import type { BackendName, InputSpec, RunnableModel, RunResult, Sample } from './types';

export interface CompareOptions {
  /** the input; by default a seeded random sample shaped for the models */
  sample?: Sample;
  seed?: number;
  distribution?: Distribution;
  backend?: BackendName;
  tolerance?: number;
  /** per-layer comparison: true for the default pairing, or explicit [layer of A, layer of B] pairs */
  layers?: boolean | LayerPair[];
}

export interface ModelComparison {
  sample: Sample;
  a: RunResult;
  b: RunResult;
  output: OutputComparison;
  layers?: LayerComparison;
  notes: string[];
}

/**
 * The spec a shared sample is drawn for: the one with fewer free sizes (a Keras model that
 * records 32×32 fixes what a torch model would accept at any size), a fixed shape over a leading
 * Flatten/Linear that takes several.
 */
export function sharedInputSpec(a: InputSpec, b: InputSpec): InputSpec {
  if (a.anyRank && !b.anyRank) return b;
  if (b.anyRank && !a.anyRank) return a;
  const free = (s: InputSpec): number => s.editable.filter((i) => i !== s.layout.indexOf('N')).length;
  return free(b) < free(a) ? b : a;
}

/** Runs both models on one sample (each in its own layout) and compares outputs and, optionally, layers. */
export async function compareModels(a: RunnableModel, b: RunnableModel, opts: CompareOptions = {}): Promise<ModelComparison> {
  const tolerance = opts.tolerance ?? DEFAULT_TOLERANCE;
  const sample = opts.sample ?? randomSample(sharedInputSpec(a.input, b.input), { seed: opts.seed, distribution: opts.distribution });
  const collect = opts.layers !== undefined && opts.layers !== false;
  const notes: string[] = [];
  const run = async (m: RunnableModel): Promise<RunResult> => {
    const session = await m.session(opts.backend ?? 'cpu');
    try {
      return await session.run(sample, { collect });
    } finally {
      session.dispose();
    }
  };
  const ra = await run(a);
  const rb = await run(b);
  const output = compareOutputs(outputOf(ra), outputOf(rb), tolerance);
  let layers: LayerComparison | undefined;
  if (collect) {
    const pairing = Array.isArray(opts.layers) ? { pairs: opts.layers, mode: a.framework === b.framework ? 'exact' as const : 'segment' as const } : defaultPairs(a, b);
    if ('note' in pairing && pairing.note) notes.push(pairing.note);
    layers = compareLayers(ra.activations ?? [], rb.activations ?? [], pairing.pairs, { tolerance, mode: pairing.mode });
  }
  return { sample, a: ra, b: rb, output, ...(layers ? { layers } : {}), notes };
}
