/**
 * Forward-pass timings of the runtime in Node, per backend (cpu, wasm), cold and warm:
 *   npm run bench:runtime            (options: --runs N, --only lenet|resnet)
 * cold = the first forward of a fresh session (kernels initialise, buffers are allocated),
 * warm = median of the next N forwards; weights = creating the weights on the backend.
 * Each forward includes reading the output back.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { configureNodeWasm } from '../../src/cli/wasmPaths';
import { releaseKerasModel } from '../../src/core/formats/keras';
import { openModel } from '../../src/core/formats/registry';
import { fileSource } from '../../src/core/io/nodeSource';
import type { ModelDoc } from '../../src/core/model/types';
import { prepareModel, randomSample, type BackendName, type PrepareOptions, type RunnableModel } from '../../src/core/runtime';
import { loadLayers } from '../../src/core/runtime/tf';
import { kerasDocWithRandomWeights, kerasResNet18Config, torchResNet18Plain } from './models';

const ROOT = join(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: { runs: { type: 'string' }, only: { type: 'string' } } });
const RUNS = Number(values.runs ?? 5);

interface Entry { label: string; load: () => Promise<{ doc: ModelDoc; opts?: PrepareOptions; close?: () => Promise<void> }> }

async function fromFile(path: string): Promise<{ doc: ModelDoc; opts: PrepareOptions; close: () => Promise<void> }> {
  const src = await fileSource(path);
  const doc = await openModel(src);
  return { doc, opts: { source: src }, close: async () => { releaseKerasModel(doc); await src.close(); } };
}

async function tfjsShapes(config: Record<string, unknown>): Promise<Map<string, { name: string; shape: number[] }[]>> {
  const tfl = await loadLayers();
  const model = await tfl.models.modelFromJSON({ modelTopology: config } as never);
  const out = new Map(model.layers.map((l) => [l.name, l.weights.map((w) => ({ name: w.originalName.split('/').pop()!, shape: w.shape as number[] }))]));
  model.dispose();
  return out;
}

const lenetKeras = join(ROOT, '..', 'shared', 'fixtures', 'torch', 'lenet5.keras2-layout.h5');
const ENTRIES: Entry[] = [
  { label: 'LeNet-5 (torch)', load: () => fromFile(join(ROOT, 'tests', 'fixtures', 'torch', 'lenet5.pt')) },
  ...(existsSync(lenetKeras) ? [{ label: 'LeNet-5 (Keras)', load: () => fromFile(lenetKeras) }] : []),
  { label: 'ResNet-18 plain convs (torch, 224²)', load: async () => ({ doc: torchResNet18Plain(), opts: { spatial: [224, 224] } }) },
  { label: 'ResNet-18 (Keras Functional, 224²)', load: async () => ({ doc: await kerasDocWithRandomWeights(kerasResNet18Config(), tfjsShapes) }) },
].filter((e) => !values.only || e.label.toLowerCase().includes(values.only.toLowerCase()));

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(model: RunnableModel, backend: BackendName): Promise<string[]> {
  const session = await model.session(backend);
  try {
    const sample = randomSample(model.input, { seed: 0 });
    const cold = await session.run(sample);
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) warm.push((await session.run(sample)).ms);
    return [session.backend, session.setupMs.toFixed(1), cold.ms.toFixed(1), median(warm).toFixed(1)];
  } finally {
    session.dispose();
  }
}

async function main(): Promise<void> {
  configureNodeWasm();
  const rows: string[][] = [['model', 'input', 'backend', 'weights ms', 'cold ms', `warm ms (median of ${RUNS})`]];
  for (const e of ENTRIES) {
    const { doc, opts, close } = await e.load();
    const model = await prepareModel(doc, opts);
    for (const backend of ['cpu', 'wasm'] as BackendName[]) {
      rows.push([e.label, model.input.shape.join('×'), ...(await time(model, backend))]);
      process.stderr.write('.');
    }
    await close?.();
  }
  process.stderr.write('\n');
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
