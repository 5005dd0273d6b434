import { selectBackend } from '../backend';
import { torchLayoutForRank } from '../layout';
import { sampleFor } from '../sample';
import { loadTf, type Tensor, type Tf } from '../tf';
import type { Activation, BackendName, FlatOrigin, InputSpec, Layout, RunResult, Session } from '../types';
import type { WeightData } from '../weights';
import { moduleImpl } from './modules';
import type { Weights } from './modules/types';
import type { TorchStep } from './steps';

interface Built {
  step: TorchStep;
  weights: Weights;
  parametrised: boolean;
}

/** Layout letters of a step's output, so activations can be compared with channels-last ones. */
function outLayout(step: TorchStep, inLayout: Layout, inShape: number[], out: number[]): { layout: Layout; flatFrom?: FlatOrigin } {
  const k = step.kind;
  if (k === 'LSTM' || k === 'GRU') return { layout: out.length === 2 ? 'LC' : step.config.batch_first === true ? 'NLC' : 'LNC' };
  if (k === 'Embedding') return { layout: inLayout === 'NL' ? 'NLC' : torchLayoutForRank(out.length) };
  if (k === 'Flatten' && out.length === 2 && inShape.length > 2 && inLayout.length === inShape.length && inLayout[0] === 'N') {
    return { layout: 'NC', flatFrom: { shape: inShape.slice(1), layout: inLayout.slice(1) } };
  }
  if (out.length === inShape.length && inLayout.length === out.length) return { layout: inLayout };
  return { layout: torchLayoutForRank(out.length) };
}

function buildSteps(tf: Tf, steps: TorchStep[], weights: Map<string, WeightData>): Built[] {
  return steps.map((step) => {
    const impl = moduleImpl(step.kind)!;
    // Raw weights not kept by prepare() are freed with the tidy scope.
    const w = tf.tidy(() => {
      const raw: Weights = {};
      for (const [role, name] of Object.entries(step.params)) {
        const d = weights.get(name);
        if (d) raw[role] = tf.tensor(d.data, d.shape, 'float32');
      }
      return impl.prepare ? impl.prepare(tf, raw, step.config) : raw;
    });
    return { step, weights: w, parametrised: Object.keys(step.params).length > 0 };
  });
}

export async function torchSession(name: string, steps: TorchStep[], weights: Map<string, WeightData>, input: InputSpec, backend: BackendName): Promise<Session> {
  const choice = await selectBackend(backend);
  const tf = await loadTf();
  const t0 = performance.now();
  const built = buildSteps(tf, steps, weights);
  const setupMs = performance.now() - t0;
  let disposed = false;

  return {
    backend: choice.actual,
    setupMs,
    async run(sample, opts = {}): Promise<RunResult> {
      if (disposed) throw new Error('this session was disposed');
      if (tf.getBackend() !== choice.actual) await tf.setBackend(choice.actual);
      const x0 = sampleFor(sample, input);
      const start = performance.now();
      const kept: { b: Built; t: Tensor; layout: Layout; flatFrom?: FlatOrigin }[] = [];
      let layout = x0.layout;
      let flatFrom: FlatOrigin | undefined;
      const out = tf.tidy(() => {
        let x: Tensor = tf.tensor(x0.data, x0.shape, x0.dtype);
        for (const b of built) {
          const inShape = x.shape;
          x = moduleImpl(b.step.kind)!.forward(tf, x, b.step.config, b.weights);
          ({ layout, flatFrom } = outLayout(b.step, layout, inShape, x.shape));
          if (opts.collect) kept.push({ b, t: tf.keep(tf.clone(x)), layout, flatFrom });
        }
        return x;
      });
      const output = (await out.data()) as Float32Array;
      const ms = performance.now() - start;
      const shape = out.shape;
      out.dispose();
      let activations: Activation[] | undefined;
      if (opts.collect) {
        activations = [];
        for (const k of kept) {
          activations.push({
            path: k.b.step.path, kind: k.b.step.kind, parametrised: k.b.parametrised,
            shape: k.t.shape, layout: k.layout, ...(k.flatFrom ? { flatFrom: k.flatFrom } : {}), data: (await k.t.data()) as Float32Array,
          });
          k.t.dispose();
        }
      }
      return { model: name, output, shape, layout, ...(flatFrom ? { flatFrom } : {}), backend: tf.getBackend(), ms, ...(activations ? { activations } : {}) };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const b of built) for (const t of Object.values(b.weights)) t.dispose();
    },
  };
}
