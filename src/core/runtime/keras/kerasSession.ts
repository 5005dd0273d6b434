import type { LayerNode, TensorRef } from '../../model/types';
import { selectBackend } from '../backend';
import { kerasLayoutForRank } from '../layout';
import { sampleFor } from '../sample';
import { loadLayers, loadTf, type LayersModel, type Tensor, type Tf } from '../tf';
import type { Activation, BackendName, FlatOrigin, InputSpec, Layout, RunResult, Session } from '../types';
import type { WeightData } from '../weights';
import type { Json } from './kerasConfig';
import { KERAS_GRU, registerKerasGru, withKerasGru } from './kerasGru';
import { assignLayer, childNamed, storedWeights } from './kerasWeights';

type Layer = LayersModel['layers'][number];

export interface KerasParts {
  name: string;
  config: Json;                    // normalised, Keras-2 style
  root: LayerNode;                 // the document's tree, to find each layer's stored weights
  byName: Map<string, TensorRef>;
  weights: Map<string, WeightData>;
  input: InputSpec;
}

const isModel = (l: Layer): l is LayersModel => Array.isArray((l as LayersModel).layers);

/** The Keras class a layer came from (our GRU stands in for Keras's). */
const kindOf = (l: Layer): string => (l.getClassName() === KERAS_GRU ? 'GRU' : l.getClassName());

/** Loads every layer's stored weights into the built tfjs model, nested models included. */
function loadWeights(tf: Tf, layers: Layer[], node: LayerNode, p: KerasParts): void {
  for (const layer of layers) {
    const child = childNamed(node, layer.name);
    if (isModel(layer)) {
      if (child) loadWeights(tf, layer.layers, child, p);
      continue;
    }
    const targets = layer.weights.map((w) => ({ name: w.originalName, shape: w.shape as number[] }));
    if (targets.length === 0) continue;
    const stored = child ? storedWeights(child, p.byName).map((t) => p.weights.get(t.name)!) : [];
    const values = assignLayer(layer.name, targets, stored);
    // variables take over the data; the tidy drops our own references
    tf.tidy(() => layer.setWeights(values.map((v, i) => tf.tensor(v, targets[i].shape, 'float32'))));
  }
}

function layoutOf(shape: number[], channelsFirst: boolean): Layout {
  return channelsFirst && shape.length === 4 ? 'NCHW' : kerasLayoutForRank(shape.length);
}

/** Keras Flatten of (N, H, W, C) lists features in H, W, C order. */
function flatOrigin(layer: Layer): FlatOrigin | undefined {
  if (layer.getClassName() !== 'Flatten') return undefined;
  const inShape = (layer.input as { shape: (number | null)[] }).shape;
  if (inShape.length < 3) return undefined;
  const rank = inShape.length;
  const letters = layoutOf(new Array<number>(rank).fill(1), false).slice(1);
  return { shape: inShape.slice(1).map((d) => d ?? 0), layout: letters };
}

export async function kerasSession(p: KerasParts, backend: BackendName): Promise<Session> {
  const choice = await selectBackend(backend);
  const tf = await loadTf();
  const tfl = await loadLayers();
  const t0 = performance.now();
  registerKerasGru(tf, tfl);
  const model = await tfl.models.modelFromJSON({ modelTopology: withKerasGru(p.config) } as never);
  loadWeights(tf, model.layers, p.root, p);
  // a layer called twice (shared) has no single output to record: it is left out of the activations
  const probed = model.layers.filter((l) => l.getClassName() !== 'InputLayer' && l.inboundNodes.length === 1);
  let probe: LayersModel | undefined;
  const setupMs = performance.now() - t0;
  let disposed = false;

  return {
    backend: choice.actual,
    setupMs,
    async run(sample, opts = {}): Promise<RunResult> {
      if (disposed) throw new Error('this session was disposed');
      if (tf.getBackend() !== choice.actual) await tf.setBackend(choice.actual);
      const x0 = sampleFor(sample, p.input);
      const channelsFirst = p.input.layout === 'NCHW';
      const start = performance.now();
      const x = tf.tensor(x0.data, x0.shape, x0.dtype);
      const out = tf.tidy(() => model.predict(x) as Tensor);
      const output = (await out.data()) as Float32Array;
      const ms = performance.now() - start;
      const shape = out.shape;
      out.dispose();
      let activations: Activation[] | undefined;
      if (opts.collect) {
        // one model with every layer's output: the same graph, so the same numbers
        probe ??= tfl.model({ inputs: model.inputs, outputs: probed.map((l) => l.output as never) });
        const outs = tf.tidy(() => probe!.predict(x) as Tensor[] | Tensor);
        const list = Array.isArray(outs) ? outs : [outs];
        activations = [];
        for (const [i, t] of list.entries()) {
          const layer = probed[i];
          const flatFrom = flatOrigin(layer);
          activations.push({
            path: layer.name, kind: kindOf(layer), parametrised: layer.countParams() > 0,
            shape: t.shape as number[], layout: layoutOf(t.shape as number[], channelsFirst), ...(flatFrom ? { flatFrom } : {}),
            data: (await t.data()) as Float32Array,
          });
          t.dispose();
        }
      }
      x.dispose();
      const last = probed[probed.length - 1];
      const flatFrom = last ? flatOrigin(last) : undefined;
      return {
        model: p.name, output, shape, layout: layoutOf(shape, channelsFirst), ...(flatFrom ? { flatFrom } : {}),
        backend: tf.getBackend(), ms, ...(activations ? { activations } : {}),
      };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      // the probe shares the model's layers: disposing it frees them, and the model then has nothing left
      (probe ?? model).dispose();
    },
  };
}
