import { checkH5OutputSize } from '../formats/hdf5/h5Writer';
import { writeKerasH5, type KerasH5Layer } from '../formats/keras/kerasWriter';
import { autoMap, setPair, type Mapping } from '../mapping';
import type { ModelDoc } from '../model/types';
import { castBytes, castNote } from './cast';
import { ConvertError } from './errors';
import type { KerasLayer } from './kerasLayers';
import { planKeras, type KerasPlan } from './kerasPlan';
import { MappedTensors } from './mapped';
import { twinDoc, type TwinLayer } from './twinDoc';

/**
 * A whole torch nn.Sequential as a Keras 2 `.h5` model: the Keras layers from kerasPlan, weights
 * moved by the mapping rules onto a twin Keras document of those layers, written by kerasWriter.
 */
export interface KerasOutput {
  plan: KerasPlan;
  mapping: Mapping;
  twin: ModelDoc;
  warnings: string[];
  /** builds the file (in memory: HDF5 through h5wasm) */
  write(signal?: AbortSignal): Promise<Uint8Array>;
}

const weightPath = (layer: string, w: string): string => `model_weights/${layer}/${layer}/${w}:0`;

function twinLayers(plan: KerasPlan): TwinLayer[] {
  return plan.layers.map((l) => {
    // A layer behind an explicit ZeroPadding shows 'valid' where torch pads: the rule would
    // call that a padding mismatch, so the twin leaves padding out of what the rule compares.
    const { padding: _padding, ...rest } = l.config;
    return {
      path: l.name, kind: l.className, config: plan.padded.has(l.name) ? rest : l.config,
      tensors: l.weights.map((w) => ({ name: weightPath(l.name, w.name), shape: w.shape, dtype: 'float32' as const })),
    };
  });
}

/** Pairs each Keras layer with the torch module it was made from, whatever order autoMap found. */
function pinPairs(m: Mapping, torch: ModelDoc, twin: ModelDoc, layers: KerasLayer[]): Mapping {
  let out = m;
  for (const l of layers) {
    if (!l.from || !l.weights.length) continue;
    const pair = out.pairs.find((p) => p.b === l.name);
    if (!pair || pair.a !== l.from) out = setPair(out, torch, twin, l.from, l.name);
  }
  return out;
}

export function torchToKeras(doc: ModelDoc, opts: { spatial?: number[] } = {}): KerasOutput {
  const plan = planKeras(doc, opts);
  const twin = twinDoc('keras', doc.fileName.replace(/\.[^.]+$/, '.h5'), twinLayers(plan));
  const mapping = pinPairs(autoMap(doc, twin, { flatten: plan.flatten }), doc, twin, plan.layers);
  const warnings = [...plan.notes];
  for (const p of mapping.pairs) {
    for (const pr of p.problems) {
      if (pr.severity === 'error') throw new ConvertError(`${p.a} → ${p.b}: ${pr.message}`);
      if (pr.severity === 'attention' && pr.code !== 'ambiguous') warnings.push(`${p.a} → ${p.b}: ${pr.message}`);
    }
  }
  const missing = mapping.unmappedB.filter((u) => u.tensors.length);
  if (missing.length) throw new ConvertError(`no torch weights for Keras layer(s) ${missing.map((u) => `${u.path} (${u.why})`).join(', ')}`);
  const produced = new Set(mapping.pairs.flatMap((p) => p.tensors.flatMap((t) => t.b)));
  const unfilled = twin.tensors.filter((t) => !produced.has(t.name));
  if (unfilled.length) throw new ConvertError(`no torch weights for ${unfilled.map((t) => t.name).join(', ')}`);
  const bytes = twin.tensors.reduce((a, t) => a + t.byteLength, 0);
  checkH5OutputSize(bytes + 64 * 1024, `the Keras file for ${doc.fileName}`);
  const byName = new Map(doc.tensors.map((t) => [t.name, t]));
  for (const p of mapping.pairs) {
    for (const t of p.tensors) {
      const d = byName.get(t.a[0])?.dtype;
      const note = d && castNote(t.a[0], d, 'float32');
      if (note) warnings.push(note);
    }
  }
  return {
    plan, mapping, twin, warnings,
    async write(signal) {
      const mapped = new MappedTensors(mapping, doc, 'a-to-b', { signal });
      const layers: KerasH5Layer[] = [];
      for (const l of plan.layers.slice(1)) {
        const weights = [];
        for (const w of l.weights) {
          const a = await mapped.get(weightPath(l.name, w.name));
          weights.push({ name: w.name, shape: w.shape, dtype: 'float32' as const, bytes: castBytes(a.name, a.bytes, a.dtype, 'float32') });
        }
        layers.push({ name: l.name, weights });
      }
      const modelConfig = {
        class_name: 'Sequential',
        config: { name: 'sequential', layers: plan.layers.map((l) => ({ class_name: l.className, config: l.config })) },
      };
      return writeKerasH5({ modelConfig, layers });
    },
  };
}
