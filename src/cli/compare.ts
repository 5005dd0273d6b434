import { parseArgs } from 'node:util';
import { compareModels, DEFAULT_TOLERANCE, sharedInputSpec, type ModelComparison } from '../core/runtime';
import { loadInput, openRunnable, parseSize, type OpenedModel } from './modelFile';
import { backendOf, seedOf } from './run';

export const COMPARE_USAGE = `  compare   run two models on one input (each in its own layout) and compare outputs and layers
            weightbridge compare A B [--input ref.json|x.npy] [--seed N] [--normal] [--backend cpu|wasm]
                                     [--tolerance 1e-5] [--size HxW] [--arch-a M] [--arch-b M] [--no-layers] [--json]
            layers are paired by path (same framework) or by the order of weighted layers (torch ↔ Keras)`;

const OPTIONS = {
  input: { type: 'string' }, seed: { type: 'string' }, normal: { type: 'boolean' }, backend: { type: 'string' },
  tolerance: { type: 'string' }, size: { type: 'string' }, 'arch-a': { type: 'string' }, 'arch-b': { type: 'string' },
  'no-layers': { type: 'boolean' }, json: { type: 'boolean' },
} as const;

const e = (x: number | undefined): string => (x === undefined ? '–' : x.toExponential(2));

function render(c: ModelComparison): string {
  const o = c.output;
  const lines = [
    `A: ${c.a.model}  → [${c.a.shape.join(', ')}] ${c.a.layout}, ${c.a.backend}, ${c.a.ms.toFixed(2)} ms`,
    `B: ${c.b.model}  → [${c.b.shape.join(', ')}] ${c.b.layout}, ${c.b.backend}, ${c.b.ms.toFixed(2)} ms`,
    `input: [${c.sample.shape.join(', ')}] ${c.sample.layout}, ${c.sample.origin} (given to each model in its own layout)`,
    '',
    `output: ${o.verdict.toUpperCase()} (tolerance ${o.tolerance.toExponential()})`,
  ];
  if (o.verdict === 'incomparable') lines.push(`  ${o.note ?? ''}`);
  else {
    lines.push(`  max |Δ| ${e(o.maxAbs)}   mean |Δ| ${e(o.meanAbs)}   relative ${e(o.relative)}`);
    if (o.argmax) lines.push(`  argmax agrees on ${o.argmax.agree} of ${o.argmax.rows} row(s)`);
    if (o.note) lines.push(`  ${o.note}`);
  }
  if (c.layers) {
    const l = c.layers;
    lines.push('', `layers (${l.mode === 'segment' ? 'each weighted layer with the layers up to the next one' : 'each layer\'s own output'}; relative = max |Δ| / max |A|):`);
    const span = (from: string, to: string): string => (from === to ? from : `${from} … ${to}`);
    const w = Math.max(4, ...l.rows.map((r) => span(r.a, r.comparedA).length));
    const wb = Math.max(4, ...l.rows.map((r) => span(r.b, r.comparedB).length));
    lines.push(`  ${'#'.padStart(3)}  ${'A'.padEnd(w)}  ${'B'.padEnd(wb)}  ${'max |Δ|'.padStart(9)}  ${'relative'.padStart(9)}`);
    l.rows.forEach((r, i) => {
      const mark = i === l.firstDivergent ? '  ← first above tolerance' : i === l.biggestJump ? '  ← biggest jump' : '';
      lines.push(`  ${String(i).padStart(3)}  ${span(r.a, r.comparedA).padEnd(w)}  ${span(r.b, r.comparedB).padEnd(wb)}  ${e(r.maxAbs).padStart(9)}  ${e(r.relative).padStart(9)}${r.note ? `  ${r.note}` : ''}${mark}`);
    });
    if (l.firstDivergent === undefined) lines.push('  every paired layer agrees within the tolerance');
  }
  for (const n of c.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}

export async function compareCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  if (positionals.length !== 2) throw new Error('compare takes two model files A and B (see weightbridge --help)');
  const backend = backendOf(values.backend);
  const tolerance = values.tolerance === undefined ? DEFAULT_TOLERANCE : Number(values.tolerance);
  if (!(tolerance >= 0)) throw new Error(`--tolerance ${values.tolerance}: expected a number ≥ 0`);
  const size = parseSize(values.size);
  const opts = { spatial: size, seqLen: size?.[0] };
  const opened: OpenedModel[] = [];
  try {
    opened.push(await openRunnable(positionals[0], values['arch-a'], opts));
    opened.push(await openRunnable(positionals[1], values['arch-b'], opts));
    const [a, b] = opened.map((o) => o.model);
    const input = await loadInput(values.input, sharedInputSpec(a.input, b.input), seedOf(values.seed), values.normal === true);
    const c = await compareModels(a, b, { sample: input.sample, backend, tolerance, layers: values['no-layers'] !== true });
    if (values.json) {
      const { sample, a: ra, b: rb, ...rest } = c;
      const run = (r: typeof ra) => ({ model: r.model, shape: r.shape, layout: r.layout, backend: r.backend, ms: r.ms, output: Array.from(r.output) });
      process.stdout.write(`${JSON.stringify({ input: { shape: sample.shape, layout: sample.layout, origin: sample.origin }, a: run(ra), b: run(rb), ...rest })}\n`);
    } else {
      process.stdout.write(`${render(c)}\n`);
    }
    return 0;
  } finally {
    for (const o of opened) await o.close();
  }
}
