import type { ModelDoc } from '../model/types';
import { frameworkOf } from './layers';
import { assemble, buildPair, findLayer, pairId } from './pairs';
import {
  MappingError, type DocRef, type DroppedTensor, type LayerPair, type MapOptions, type Mapping,
  type PairStatus, type Problem, type Step, type UnmappedLayer,
} from './types';
import { statusOf, validateTensorPairs } from './validate';

/** The saved form of a mapping (docs/MAPPING.md). status/problems/shapes are informative: importing recomputes them. */
export interface MappingJson {
  weightbridge_mapping: 1;
  a: DocRef;
  b: DocRef;
  options: MapOptions;
  pairs: {
    a: string; b: string; kindA: string; kindB: string; rule: string; origin: LayerPair['origin'];
    tensors: { a: string[]; b: string[]; steps: Step[]; shapesA: number[][]; shapesB: number[][] }[];
    dropped: DroppedTensor[];
    status: PairStatus;
    problems: Problem[];
  }[];
  unmappedA: UnmappedLayer[];
  unmappedB: UnmappedLayer[];
  status: PairStatus;
}

export function mappingToJson(m: Mapping): MappingJson {
  return {
    weightbridge_mapping: 1, a: m.a, b: m.b, options: m.options,
    pairs: m.pairs.map((p) => ({
      a: p.a, b: p.b, kindA: p.kindA, kindB: p.kindB, rule: p.rule, origin: p.origin,
      tensors: p.tensors.map((t) => ({ a: t.a, b: t.b, steps: t.steps, shapesA: t.shapesA, shapesB: t.shapesB })),
      dropped: p.dropped, status: p.status, problems: p.problems,
    })),
    unmappedA: m.unmappedA, unmappedB: m.unmappedB, status: m.status,
  };
}

/** The JSON text as files hold it: indented, with short lists of numbers or names kept on one line. */
export function mappingToText(m: Mapping): string {
  const text = JSON.stringify(mappingToJson(m), null, 1);
  return `${text.replace(/\[\n\s*([^[\]{}]*?)\n\s*\]/g, (_, inner: string) => `[${inner.split(/,\n\s*/).join(', ')}]`)}\n`;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrs = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isInts = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => Number.isInteger(x));

function bad(where: string, what: string): never {
  throw new MappingError(`not a weightbridge mapping: ${where}: ${what}`);
}

function readStep(v: unknown, where: string): Step {
  if (!isObj(v) || typeof v.op !== 'string') bad(where, 'a step needs an "op"');
  const need = (key: string, ok: boolean): void => { if (!ok) bad(where, `${v.op} needs "${key}"`); };
  switch (v.op) {
    case 'transpose': need('perm', isInts(v.perm)); break;
    case 'reshape': need('shape', isInts(v.shape)); break;
    case 'flattenRows':
      need('axis', Number.isInteger(v.axis)); need('channels', Number.isInteger(v.channels)); need('spatial', isInts(v.spatial));
      need('order', v.order === 'chw-to-hwc' || v.order === 'hwc-to-chw'); break;
    case 'gates': need('axis', Number.isInteger(v.axis)); need('order', isInts(v.order)); break;
    case 'stack': break;
    case 'unstack': need('parts', Number.isInteger(v.parts)); break;
    case 'sum': need('keep', Number.isInteger(v.keep)); break;
    case 'split': need('parts', Number.isInteger(v.parts)); need('keep', Number.isInteger(v.keep)); break;
    default: bad(where, `unknown op "${v.op}"`);
  }
  return v as unknown as Step;
}

function readDropped(v: unknown, where: string): DroppedTensor[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) bad(where, 'must be a list');
  return v.map((d, i) => {
    if (!isObj(d) || (d.side !== 'a' && d.side !== 'b') || typeof d.tensor !== 'string') bad(`${where}[${i}]`, 'needs side "a"|"b" and tensor');
    return { side: d.side, tensor: d.tensor, why: typeof d.why === 'string' ? d.why : 'dropped in the mapping file' };
  });
}

/**
 * Reads a saved mapping and re-validates it against the documents it is applied to: layers and
 * tensors are looked up by path and name, shapes are checked again and statuses recomputed, so a
 * mapping made once can be reused for every checkpoint of the same architecture.
 */
export function mappingFromJson(json: unknown, docA: ModelDoc, docB: ModelDoc): Mapping {
  const text = typeof json === 'string' ? parse(json) : json;
  if (!isObj(text)) bad('top level', 'not a JSON object');
  if (text.weightbridge_mapping !== 1) {
    bad('weightbridge_mapping', text.weightbridge_mapping === undefined ? 'missing' : `version ${JSON.stringify(text.weightbridge_mapping)} is not supported (this build reads 1)`);
  }
  const fa = frameworkOf(docA), fb = frameworkOf(docB);
  const ja = isObj(text.a) ? text.a.framework : undefined, jb = isObj(text.b) ? text.b.framework : undefined;
  if ((ja && ja !== fa) || (jb && jb !== fb)) {
    throw new MappingError(`the mapping was made for ${String(ja)} (A) ↔ ${String(jb)} (B), but ${docA.fileName} is ${fa} and ${docB.fileName} is ${fb}: swap the files`);
  }
  const options = (isObj(text.options) ? text.options : {}) as MapOptions;
  if (!Array.isArray(text.pairs)) bad('pairs', 'must be a list');
  const pairs = text.pairs.map((raw, i): LayerPair => {
    const where = `pairs[${i}]`;
    if (!isObj(raw) || typeof raw.a !== 'string' || typeof raw.b !== 'string') bad(where, 'needs layer paths "a" and "b"');
    if (!Array.isArray(raw.tensors)) bad(`${where}.tensors`, 'must be a list');
    const tensors = raw.tensors.map((t, k) => {
      const w = `${where}.tensors[${k}]`;
      if (!isObj(t) || !isStrs(t.a) || !isStrs(t.b)) bad(w, 'needs tensor name lists "a" and "b"');
      if (!Array.isArray(t.steps)) bad(`${w}.steps`, 'must be a list');
      return { a: t.a, b: t.b, steps: t.steps.map((s, n) => readStep(s, `${w}.steps[${n}]`)) };
    });
    const dropped = readDropped(raw.dropped, `${where}.dropped`);
    const a = findLayer(docA, raw.a), b = findLayer(docB, raw.b);
    if (a && b) return buildPair(docA, docB, a, b, options, 'imported', { tensors, dropped });
    return missingLayerPair(raw, tensors, dropped, docA, docB, !a);
  });
  return assemble(docA, docB, pairs, options);
}

function parse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch (e) {
    throw new MappingError(`not a weightbridge mapping: invalid JSON (${(e as Error).message})`);
  }
}

function missingLayerPair(
  raw: Record<string, unknown>, tensors: { a: string[]; b: string[]; steps: Step[] }[], dropped: DroppedTensor[],
  docA: ModelDoc, docB: ModelDoc, inA: boolean,
): LayerPair {
  const [a, b] = [raw.a as string, raw.b as string];
  const checked = validateTensorPairs(tensors, docA, docB);
  const problems: Problem[] = [{
    severity: 'error', code: 'missing-layer',
    message: `layer \`${inA ? a : b}\` is not in ${inA ? docA.fileName : docB.fileName} (${inA ? 'A' : 'B'})`,
  }, ...checked.problems];
  return {
    id: pairId(a, b), a, b, kindA: String(raw.kindA ?? ''), kindB: String(raw.kindB ?? ''), rule: String(raw.rule ?? 'none'),
    origin: 'imported', tensors: checked.tensors, dropped, problems, status: statusOf(problems),
  };
}
