import { parseArgs } from 'node:util';
import { difference, type BackendName, type RunResult } from '../core/runtime';
import { runModel } from '../core/runtime/run';
import { loadInput, openRunnable, parseSize } from './modelFile';
import { configureNodeWasm } from './wasmPaths';

export const RUN_USAGE = `  run       run a model on one input and print its output
            weightbridge run MODEL [--input ref.json|x.npy] [--seed N] [--normal] [--backend cpu|wasm]
                                   [--size HxW] [--arch MODEL.pt] [--json]
            --input    a ref.json ({input_shape, input, input_layout}; its output is checked) or a .npy
            --seed     seed of the random input (uniform [0, 1), or normal with --normal); default 0
            --size     image size (or sequence length) instead of the inferred one
            --arch     run MODEL's weights (a state_dict) with this file's architecture`;

export const RUN_OPTIONS = {
  input: { type: 'string' }, seed: { type: 'string' }, normal: { type: 'boolean' }, backend: { type: 'string' },
  size: { type: 'string' }, arch: { type: 'string' }, json: { type: 'boolean' },
} as const;

export function backendOf(v: string | undefined): BackendName {
  const b = v ?? 'cpu';
  if (b !== 'cpu' && b !== 'wasm') throw new Error(`--backend ${b}: Node offers cpu and wasm (webgl runs in the browser)`);
  if (b === 'wasm') configureNodeWasm();
  return b;
}

export function seedOf(v: string | undefined): number {
  const n = Number(v ?? 0);
  if (!Number.isInteger(n)) throw new Error(`--seed ${v}: expected an integer`);
  return n;
}

const fmt = (x: number): string => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(4) : x.toFixed(6));

function preview(r: RunResult, max = 20): string {
  const vals = Array.from(r.output.slice(0, max), fmt).join(', ');
  return `[${vals}${r.output.length > max ? `, … (${r.output.length} values)` : ''}]`;
}

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: RUN_OPTIONS, allowPositionals: true });
  if (positionals.length !== 1) throw new Error('run takes one MODEL file (see weightbridge --help)');
  const backend = backendOf(values.backend);
  const size = parseSize(values.size);
  const opened = await openRunnable(positionals[0], values.arch, { spatial: size, seqLen: size?.[0] });
  try {
    const { model } = opened;
    const input = await loadInput(values.input, model.input, seedOf(values.seed), values.normal === true);
    const r = await runModel(model, input.sample, { backend });
    const ref = input.reference && input.reference.values.length === r.output.length
      ? difference(Float32Array.from(input.reference.values), r.output) : undefined;
    if (values.json) {
      process.stdout.write(`${JSON.stringify({
        model: model.name, framework: model.framework,
        input: { shape: input.sample.shape, layout: input.sample.layout, origin: input.sample.origin, inferred: model.input },
        backend: r.backend, ms: r.ms, setupMs: r.setupMs,
        output: { shape: r.shape, layout: r.layout, values: Array.from(r.output) },
        ...(ref ? { reference: { maxAbs: ref.maxAbs, meanAbs: ref.meanAbs } } : {}),
        warnings: model.warnings,
      })}\n`);
      return 0;
    }
    const lines = [
      `${model.name}  (${model.framework}, ${model.layers.length} layers)`,
      `  input:   [${input.sample.shape.join(', ')}] ${input.sample.layout}, ${input.sample.origin}`,
      `           model expects [${model.input.shape.join(', ')}] ${model.input.layout}: ${model.input.note}`,
      `  backend: ${r.backend}${r.backend !== backend ? ` (asked for ${backend})` : ''}; forward ${r.ms.toFixed(2)} ms, weights ${r.setupMs.toFixed(1)} ms`,
      `  output:  [${r.shape.join(', ')}] ${r.layout}`,
      `           ${preview(r)}`,
    ];
    if (r.shape.length === 2 && r.shape[0] === 1 && r.shape[1] > 1) {
      const top = r.output.indexOf(Math.max(...r.output));
      lines.push(`  argmax:  ${top}`);
    }
    if (ref) lines.push(`  vs ${values.input}: max |Δ| ${ref.maxAbs.toExponential(2)}, mean |Δ| ${ref.meanAbs.toExponential(2)}`);
    for (const w of model.warnings) lines.push(`  note: ${w}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await opened.close();
  }
}
