import { readFile, writeFile } from 'node:fs/promises';
import { openModel } from '../core/formats/registry';
import { releaseKerasModel } from '../core/formats/keras';
import { fileSource } from '../core/io/nodeSource';
import type { ModelDoc } from '../core/model/types';
import {
  autoMap, describeDropped, describeProblem, describeSteps, fmtShape, mappingFromJson, mappingToJson, mappingToText, remap,
  type FeatureMap, type MapOptions, type Mapping,
} from '../core/mapping';

export const MAP_USAGE = `  map       pair the layers of two model files and print how each tensor converts
            weightbridge map A B [--json] [--mapping in.json] [--out mapping.json]
                                 [--flatten LAYER=C,H,W|LAYER=none]… [--bias-split input|recurrent]
            --json      print the mapping as JSON (the format --out writes and --mapping reads)
            --mapping   reuse a saved mapping, re-validated against A and B
            --out       save the mapping as JSON
            --flatten   the C×H×W map a Linear/Dense layer's input is flattened from (or none)
            --bias-split  Keras → torch RNN biases: all into b_ih (input, default) or b_hh (recurrent)
            exit code 1 when a pair is incompatible or a layer with weights is left unmapped`;

interface MapArgs { a: string; b: string; json: boolean; mapping?: string; out?: string; options: MapOptions; optionsGiven: boolean }

export class UsageError extends Error {}

function parseFeatureMap(spec: string): [string, FeatureMap | 'none'] {
  const eq = spec.lastIndexOf('=');
  if (eq <= 0) throw new UsageError(`--flatten wants LAYER=C,H,W or LAYER=none, got "${spec}"`);
  const layer = spec.slice(0, eq), value = spec.slice(eq + 1);
  if (value === 'none') return [layer, 'none'];
  const dims = value.split(/[,x×]/).map(Number);
  if (dims.length < 2 || dims.some((d) => !Number.isInteger(d) || d <= 0)) throw new UsageError(`--flatten ${layer}: "${value}" is not C,H,W`);
  return [layer, { channels: dims[0], spatial: dims.slice(1) }];
}

export function parseMapArgs(args: string[]): MapArgs {
  const files: string[] = [];
  const out: Omit<MapArgs, 'a' | 'b'> = { json: false, options: {}, optionsGiven: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--json') out.json = true;
    else if (arg === '--mapping') out.mapping = value();
    else if (arg === '--out') out.out = value();
    else if (arg === '--flatten') {
      const [layer, map] = parseFeatureMap(value());
      out.options.flatten = { ...out.options.flatten, [layer]: map };
      out.optionsGiven = true;
    } else if (arg === '--bias-split') {
      const v = value();
      if (v !== 'input' && v !== 'recurrent') throw new UsageError(`--bias-split wants input or recurrent, got "${v}"`);
      out.options.rnnBiasSplit = v;
      out.optionsGiven = true;
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else files.push(arg);
  }
  if (files.length !== 2) throw new UsageError(`map takes two model files, got ${files.length}`);
  return { a: files[0], b: files[1], ...out };
}

async function withDocs<T>(pa: string, pb: string, f: (a: ModelDoc, b: ModelDoc) => Promise<T>): Promise<T> {
  const sa = await fileSource(pa);
  let sb: Awaited<ReturnType<typeof fileSource>> | undefined;
  const docs: ModelDoc[] = [];
  try {
    docs.push(await openModel(sa));
    sb = await fileSource(pb);
    docs.push(await openModel(sb));
    return await f(docs[0], docs[1]);
  } finally {
    // HDF5-based documents hold their own file handle in h5wasm.
    for (const d of docs) releaseKerasModel(d);
    await sa.close();
    await sb?.close();
  }
}

/** Runs `weightbridge map`; resolves to the exit code (2 for bad arguments, with the usage). */
export async function runMap(argv: string[]): Promise<number> {
  let args: MapArgs;
  try {
    args = parseMapArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`weightbridge map: ${e.message}\nusage:\n${MAP_USAGE}\n`);
    return 2;
  }
  return withDocs(args.a, args.b, async (a, b) => {
    let mapping: Mapping;
    if (args.mapping) {
      mapping = mappingFromJson(await readFile(args.mapping, 'utf8'), a, b);
      if (args.optionsGiven) {
        const flatten = { ...mapping.options.flatten, ...args.options.flatten };
        mapping = remap(mapping, a, b, { ...mapping.options, ...args.options, flatten });
      }
    } else {
      mapping = autoMap(a, b, args.options);
    }
    if (args.out) await writeFile(args.out, mappingToText(mapping));
    process.stdout.write(args.json ? `${JSON.stringify(mappingToJson(mapping))}\n` : `${renderMapping(mapping, a, b)}\n`);
    return mapping.status === 'incompatible' ? 1 : 0;
  });
}

const STATUS_TAG = { ok: 'ok', 'needs-attention': 'attention', incompatible: 'INCOMPATIBLE' } as const;

export function renderMapping(m: Mapping, a: ModelDoc, b: ModelDoc): string {
  const c = m.counts;
  const lines = [
    `A  ${m.a.file}  ${a.producer}  [${m.a.framework}]`,
    `B  ${m.b.file}  ${b.producer}  [${m.b.framework}]`,
    `status: ${m.status} — ${c.pairs} pairs (${c.ok} ok, ${c.attention} need attention, ${c.incompatible} incompatible); `
      + `tensors mapped: A ${c.mappedA}/${c.tensorsA}, B ${c.mappedB}/${c.tensorsB}`,
    '',
  ];
  for (const p of m.pairs) {
    lines.push(`[${STATUS_TAG[p.status]}] ${p.a || '(root)'} (${p.kindA || '?'}) ↔ ${p.b || '(root)'} (${p.kindB || '?'})  rule: ${p.rule}`);
    for (const t of p.tensors) {
      const side = (names: string[], shapes: number[][]): string => names.map((n, i) => `${n} ${fmtShape(shapes[i])}`).join(' + ');
      lines.push(`    ${side(t.a, t.shapesA)} → ${side(t.b, t.shapesB)}`);
      lines.push(`        ${describeSteps(t.steps, { inputs: t.a, outputs: t.b })}`);
    }
    for (const d of p.dropped) lines.push(`    ${describeDropped(d)}`);
    for (const pr of p.problems) lines.push(`    ${describeProblem(pr)}`);
  }
  lines.push('');
  const unmapped = (label: string, list: Mapping['unmappedA']): void => {
    lines.push(`unmapped in ${label}:${list.length ? '' : ' none'}`);
    for (const u of list) lines.push(`    ${u.path || '(root)'} (${u.kind || '?'}, ${u.tensors.length} tensors): ${u.why}`);
  };
  unmapped('A', m.unmappedA);
  unmapped('B', m.unmappedB);
  const weightless = (list: Mapping['weightlessA']): string => (list.length ? list.map((w) => `${w.path} (${w.kind || '?'})`).join(', ') : 'none');
  lines.push('', `weightless layers, never paired: A: ${weightless(m.weightlessA)}`, `                                 B: ${weightless(m.weightlessB)}`);
  const all = m.pairs.flatMap((p) => p.problems);
  const errors = all.filter((p) => p.severity === 'error').length + c.unmappedA + c.unmappedB;
  const attention = all.filter((p) => p.severity === 'attention').length;
  lines.push('', errors || attention ? `problems: ${errors} errors, ${attention} need attention` : 'problems: none');
  return lines.join('\n');
}
