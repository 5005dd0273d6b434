import { createWriteStream } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  automaticMapping, convertInto, convertStandalone, savedMapping, suggestedName, verifyConversion,
  type Conversion, type OpenedFile, type OutputFormat, type Verdict,
} from '../core/convert';
import { releaseKerasModel } from '../core/formats/keras';
import { openModel } from '../core/formats/registry';
import { fileSource } from '../core/io/nodeSource';
import { frameworkOf } from '../core/mapping';
import { DEFAULT_TOLERANCE } from '../core/runtime';
import { parseSize } from './modelFile';
import { backendOf, seedOf } from './run';

export const CONVERT_USAGE = `  convert   write a model's weights as another framework's file, then check the result by running both
            weightbridge convert SRC --to TARGET [--out OUT] [--mapping m.json]    into a copy of TARGET (its format kept)
            weightbridge convert SRC --format pt|h5|safetensors [--out OUT]       standalone
            --out         output file (default: a name like lenet5-torch.h5 in the current folder)
            --mapping     a saved mapping (weightbridge map --out) instead of the automatic one
            --arch M      a whole-module .pt whose architecture a state_dict side borrows to run
            --layout torch|source   safetensors of a Keras model: torch names/layouts (default) or Keras's
            --size HxW    input size when the model does not fix it; --seed N, --tolerance 1e-5, --backend cpu|wasm
            --no-verify   skip the check; --force  write even with incompatible pairs, exit 0 even if the check fails
            exit code 1 when the conversion or its check fails`;

const OPTIONS = {
  to: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, mapping: { type: 'string' }, arch: { type: 'string' },
  layout: { type: 'string' }, size: { type: 'string' }, seed: { type: 'string' }, tolerance: { type: 'string' }, backend: { type: 'string' },
  'no-verify': { type: 'boolean' }, force: { type: 'boolean' },
} as const;

class UsageError extends Error {}

type Opened = OpenedFile & { close(): Promise<void> };

async function openFile(path: string): Promise<Opened> {
  const src = await fileSource(path);
  try {
    const doc = await openModel(src);
    return { doc, src, close: async () => { releaseKerasModel(doc); await src.close(); } };
  } catch (err) {
    await src.close();
    throw err;
  }
}

function formatOf(v: string | undefined): OutputFormat {
  if (v === 'pt' || v === 'h5' || v === 'safetensors' || v === 'keras') return v;
  throw new UsageError(`--format ${v}: expected pt, h5 or safetensors`);
}

function humanBytes(n: number): string {
  return n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} bytes`;
}

/** Writes the parts to `<out>.part` and renames it when complete, so a failed run leaves no half file. */
async function writeOut(c: Conversion, out: string): Promise<number> {
  const tmp = `${out}.part`;
  const stream = createWriteStream(tmp);
  const done = new Promise<void>((res, rej) => { stream.on('finish', res); stream.on('error', rej); });
  let bytes = 0;
  const tty = process.stderr.isTTY;
  try {
    for await (const part of c.parts) {
      bytes += part.length;
      if (!stream.write(part)) await new Promise<void>((r) => stream.once('drain', () => r()));
      if (tty && c.size) process.stderr.write(`\r  writing ${humanBytes(bytes)} of ~${humanBytes(c.size)}`);
    }
    stream.end();
    await done;
    if (tty && c.size) process.stderr.write('\n');
    await rename(tmp, out);
    return bytes;
  } catch (err) {
    stream.destroy();
    await rm(tmp, { force: true });
    throw err;
  }
}

function report(v: Verdict): string {
  const lines = [`check: ${v.summary}`];
  const c = v.comparison;
  if (c) lines.push(`  source:    ${c.a.model} → [${c.a.shape.join(', ')}] ${c.a.layout}`, `  converted: ${c.b.model} → [${c.b.shape.join(', ')}] ${c.b.layout}`);
  return lines.join('\n');
}

export async function convertCommand(argv: string[]): Promise<number> {
  let values: { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true }));
    if (positionals.length !== 1) throw new UsageError(`convert takes one source model, got ${positionals.length}`);
    if (!values.to === !values.format) throw new UsageError('give either --to TARGET (into a target file) or --format pt|h5|safetensors (standalone)');
    if (values.format) formatOf(values.format);
    if (values.layout && values.layout !== 'torch' && values.layout !== 'source') throw new UsageError(`--layout ${values.layout}: expected torch or source`);
  } catch (e) {
    if (!(e instanceof UsageError) && !(e instanceof TypeError)) throw e;
    process.stderr.write(`weightbridge convert: ${e.message}\nusage:\n${CONVERT_USAGE}\n`);
    return 2;
  }
  const tolerance = values.tolerance === undefined ? DEFAULT_TOLERANCE : Number(values.tolerance);
  if (!(tolerance >= 0)) throw new Error(`--tolerance ${values.tolerance}: expected a number ≥ 0`);
  const backend = backendOf(values.backend);
  const spatial = parseSize(values.size);
  const force = values.force === true;
  const opened: Opened[] = [];
  try {
    const source = await openFile(positionals[0]);
    opened.push(source);
    let conversion: Conversion;
    let target: Opened | undefined;
    if (values.to) {
      target = await openFile(values.to);
      opened.push(target);
      const { mapping, direction } = values.mapping
        ? savedMapping(await readFile(values.mapping, 'utf8'), source.doc, target.doc)
        : automaticMapping(source.doc, target.doc);
      process.stdout.write(`mapping: ${mapping.status} — ${mapping.counts.pairs} layer pairs\n`);
      if (mapping.status === 'incompatible' && !force) {
        process.stderr.write('weightbridge convert: the mapping has incompatible pairs or unmapped layers (see `weightbridge map`); --force converts the rest\n');
        return 1;
      }
      conversion = await convertInto(source.doc, target, mapping, { direction, incompatible: force ? 'skip' : 'throw' });
    } else {
      conversion = convertStandalone(source.doc, formatOf(values.format), { layout: values.layout as 'torch' | 'source' | undefined, spatial });
    }
    const out = resolve(values.out ?? suggestedName(source.doc.fileName, conversion.format, frameworkOf(source.doc)));
    if (opened.some((o) => o.src.path && resolve(o.src.path) === out)) throw new Error(`--out ${out} is one of the input files; choose another name`);
    const bytes = await writeOut(conversion, out);
    process.stdout.write(`wrote ${out} (${humanBytes(bytes)}, ${conversion.written.length} tensors converted)\n`);
    for (const w of conversion.warnings) process.stdout.write(`note: ${w}\n`);
    if (values['no-verify']) return 0;
    const arch = values.arch ? await openFile(values.arch) : undefined;
    if (arch) opened.push(arch);
    const outSrc = await fileSource(out);
    try {
      const verdict = await verifyConversion(source.doc, outSrc, {
        name: basename(out), sourceSrc: source.src, architecture: arch, conversion, tolerance, seed: seedOf(values.seed), spatial, backend,
      });
      process.stdout.write(`${report(verdict)}\n`);
      return verdict.ok || force ? 0 : 1;
    } finally {
      await outSrc.close();
    }
  } finally {
    for (const o of opened) await o.close();
  }
}
