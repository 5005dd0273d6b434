import { inflateSync, zipSync, type Zippable } from 'fflate';
import { emptyLayout, legacyLayout, pickleLayout, pickleOps, readUint, safetensorsLayout, zipLayout, type Layout } from './layout';
import { hdf5Layout } from './layoutHdf5';
import { byteMutation, opcodeMutation, type Step } from './mutate';
import { mutateJsonText } from './mutateJson';
import { caseSeed, Rng } from './prng';
import { seedsOf, type Family, type Seed, type SeedKind } from './seeds';

/**
 * One fuzz case: a seed file of the family with one to three mutations applied. Container
 * formats get "outer" mutations (the zip structure itself) and "inner" ones (an entry's content
 * mutated with its own format's mutator, then re-zipped so the container stays valid and the
 * inner reader is what gets tested).
 */
export interface FuzzCase { index: number; seedName: string; name: string; bytes: Uint8Array; desc: string }

function layoutOf(kind: SeedKind, b: Uint8Array): Layout {
  try {
    switch (kind) {
      case 'zip': return zipLayout(b);
      case 'legacy': return legacyLayout(b);
      case 'pickle': return pickleLayout(b);
      case 'hdf5': return hdf5Layout(b);
      case 'safetensors': return safetensorsLayout(b);
    }
  } catch {
    return emptyLayout(); // an earlier mutation broke it beyond what the layout parser follows
  }
}

const enc = new TextEncoder(), dec = new TextDecoder();

/** Pickle content: opcode-level edits or byte edits aimed at opcode boundaries and length fields. */
function mutatePickle(b: Uint8Array, rng: Rng, label: string): Step {
  if (rng.chance(0.5)) return opcodeMutation(b, 0, rng, label);
  const s = byteMutation(b, pickleLayout(b, 0, label), rng, { field: 6 });
  return { bytes: s.bytes, desc: `${label}: ${s.desc}` };
}

/** JSON text: structural edits (types, edge numbers, deletions) or plain byte edits of the text. */
function mutateJson(b: Uint8Array, rng: Rng, label: string, prefer?: RegExp): Step {
  if (rng.chance(0.65)) {
    const m = mutateJsonText(dec.decode(b), rng, prefer);
    if (m) return { bytes: enc.encode(m.text), desc: `${label}: ${m.desc}` };
  }
  const s = byteMutation(b, { boundaries: [0, b.length], hot: [[0, b.length]], fields: [] }, rng, { field: 0 });
  return { bytes: s.bytes, desc: `${label}: ${s.desc}` };
}

/** Entry names of damaged zips can be anything: keep descriptions to one printable line. */
const printable = (s: string): string => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);

function mutateEntry(name: string, b: Uint8Array, rng: Rng): Step {
  const label = `entry ${printable(name)}`;
  if (name.endsWith('.pkl')) return mutatePickle(b, rng, label);
  if (name.endsWith('.json')) return mutateJson(b, rng, label, /layers|shape|dims|offset|strides|dataType|tensorId|class_name|config/);
  if (name.endsWith('.h5')) {
    const s = byteMutation(b, hdf5Layout(b), rng, { field: 6 });
    return { bytes: s.bytes, desc: `${label}: ${s.desc}` };
  }
  const s = byteMutation(b, { boundaries: [0, b.length], hot: [[0, b.length]], fields: [] }, rng,
    { bitflip: 1, truncate: 4, duplicate: 2, delete: 2, field: 0, overwrite: 1 });
  return { bytes: s.bytes, desc: `${label}: ${s.desc}` };
}

function entryWeight(name: string): number {
  if (name.endsWith('data.pkl')) return 8;
  if (name.endsWith('.pkl')) return name.includes('debug_pkl') ? 0.2 : 3;
  if (name.endsWith('.h5')) return 7;
  if (name.endsWith('.json')) return 5;
  if (/(^|\/)(data|tensors|constants)\/[^/]+$/.test(name)) return 2;
  return 0.3;
}

const unzipped = new WeakMap<Uint8Array, Record<string, Uint8Array>>();

/**
 * The entries of a (possibly already mutated) zip, from our own layout parser. Not fflate's
 * unzipSync: it trusts the directory's entry count and spins for ever on a zip claiming 2^53.
 */
function unzip(b: Uint8Array): Record<string, Uint8Array> | undefined {
  const files: Record<string, Uint8Array> = {};
  for (const p of zipLayout(b).parts) {
    if (p.dataEnd > b.length || files[p.name]) return undefined;
    const data = b.subarray(p.dataAt, p.dataEnd);
    const method = readUint(b, p.headerAt + 8, 2);
    try {
      files[p.name] = method === 8 ? inflateSync(data) : data;
    } catch {
      return undefined;
    }
  }
  return files;
}

/** Unzips (cached for unmutated seeds), mutates one entry, and zips again (stored or deflated). */
function innerZip(b: Uint8Array, rng: Rng): Step | undefined {
  let files = unzipped.get(b);
  if (!files) {
    files = unzip(b);
    if (!files) return undefined;
    unzipped.set(b, files);
  }
  const names = Object.keys(files);
  if (!names.length) return undefined;
  const recompress = rng.chance(0.15);
  const name = rng.weighted(names.map((n) => [entryWeight(n), n] as const));
  const step = recompress && rng.chance(0.5) ? { bytes: files[name], desc: 'contents unchanged' } : mutateEntry(name, files[name], rng);
  const level = recompress ? 6 : 0;
  const out: Zippable = {};
  for (const n of names) out[n] = [n === name ? step.bytes : files[n], { level }];
  return { bytes: zipSync(out), desc: `${step.desc}; re-zipped ${level ? 'deflated' : 'stored'}` };
}

function legacyStep(b: Uint8Array, rng: Rng): Step {
  if (rng.chance(0.35)) {
    const starts: number[] = [];
    for (let p = 0, i = 0; i < 5 && p < b.length; i++) {
      starts.push(p);
      const ops = pickleOps(b, p);
      if (!ops.length) break;
      p = ops[ops.length - 1].end;
    }
    const which = rng.int(0, starts.length - 1);
    return opcodeMutation(b, starts[which], rng, `pickle ${which}`);
  }
  return byteMutation(b, legacyLayout(b), rng, { field: 5 });
}

function safetensorsStep(b: Uint8Array, rng: Rng): Step {
  const n = b.length >= 8 ? readUint(b, 0, 8) : Infinity;
  if (8 + n <= b.length && rng.chance(0.45)) {
    const m = mutateJsonText(dec.decode(b.subarray(8, 8 + n)), rng, /shape|data_offsets|dtype/);
    if (m) {
      const head = enc.encode(m.text);
      const out = new Uint8Array(8 + head.length + (b.length - 8 - n));
      // Mostly the length follows the new header; sometimes it keeps the old one (a mismatch).
      const keepLength = rng.chance(0.15);
      new DataView(out.buffer).setBigUint64(0, BigInt(keepLength ? n : head.length), true);
      out.set(head, 8);
      out.set(b.subarray(8 + n), 8 + head.length);
      return { bytes: out, desc: `header ${m.desc}${keepLength ? ' (old length kept)' : ''}` };
    }
  }
  return byteMutation(b, safetensorsLayout(b), rng, { field: 3 });
}

function step(kind: SeedKind, b: Uint8Array, rng: Rng): Step {
  switch (kind) {
    case 'zip': {
      if (rng.chance(0.55)) {
        const inner = innerZip(b, rng);
        if (inner) return inner;
      }
      return byteMutation(b, layoutOf('zip', b), rng, { field: 6 });
    }
    case 'legacy': return legacyStep(b, rng);
    case 'pickle': return rng.chance(0.5) ? opcodeMutation(b, 0, rng, 'pickle') : byteMutation(b, layoutOf('pickle', b), rng, { field: 5 });
    case 'hdf5': return byteMutation(b, layoutOf('hdf5', b), rng, { field: 6 });
    case 'safetensors': return safetensorsStep(b, rng);
  }
}

/** Case `index` of `family` under `seed`: a pure function of the three. */
export function makeCase(family: Family, seed: number, index: number): FuzzCase {
  const rng = new Rng(caseSeed(seed, family, index));
  const seeds: Seed[] = seedsOf(family);
  const s = rng.pick(seeds);
  const count = rng.weighted([[7, 1], [2, 2], [1, 3]]);
  let bytes = s.bytes;
  const descs: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = step(s.kind, bytes, rng);
    bytes = r.bytes;
    descs.push(r.desc);
  }
  return { index, seedName: s.name, name: s.name, bytes, desc: `${s.name}: ${descs.join(' | ')}` };
}
