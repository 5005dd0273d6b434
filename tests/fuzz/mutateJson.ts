import type { Rng } from './prng';

/**
 * Structure-aware JSON mutations (safetensors headers, Keras config.json, TorchScript model.json):
 * a random node's value becomes an edge value, a different type, or disappears. Byte-level
 * mutations of the same text are done elsewhere; these reach the semantic checks behind JSON.parse.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface Slot { parent: Json[] | { [k: string]: Json }; key: string | number; path: string }

function slots(v: Json, path: string, out: Slot[], depth: number): void {
  if (depth > 64 || out.length > 20_000) return;
  if (Array.isArray(v)) v.forEach((x, i) => { out.push({ parent: v, key: i, path: `${path}[${i}]` }); slots(x, `${path}[${i}]`, out, depth + 1); });
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) { out.push({ parent: v, key: k, path: `${path}.${k}` }); slots(x, `${path}.${k}`, out, depth + 1); }
  }
}

function deep(n: number, leaf: Json): Json {
  let v: Json = leaf;
  for (let i = 0; i < n; i++) v = [v];
  return v;
}

const EDGE: (() => Json)[] = [
  () => 0, () => -1, () => 1, () => 2 ** 31, () => 2 ** 32 + 1, () => 2 ** 53, () => 2 ** 64, () => 1e308, () => 0.5, () => -0,
  () => '', () => 'x', () => 'F32', () => 'float32', () => null, () => true, () => [], () => ({}), () => [[]],
  () => [2 ** 40, 2 ** 40], () => [-1, 4], () => [0, 2 ** 53], () => [1e9, 1e9, 1e9], () => 'a'.repeat(70_000),
  () => deep(5000, 1), () => ({ class_name: 'Sequential', config: { layers: [] } }),
];

function clone(v: Json): Json {
  return JSON.parse(JSON.stringify(v)) as Json;
}

/** Mutates parsed JSON in place; `prefer` biases the choice towards paths matching it. */
export function mutateJsonValue(root: Json, rng: Rng, prefer?: RegExp): string {
  const all: Slot[] = [];
  slots(root, '$', all, 0);
  if (!all.length) return 'empty JSON left as is';
  const preferred = prefer ? all.filter((s) => prefer.test(s.path)) : [];
  const s = preferred.length && rng.chance(0.7) ? rng.pick(preferred) : rng.pick(all);
  const get = (): Json => (s.parent as Record<string | number, Json>)[s.key];
  const set = (v: Json): void => { (s.parent as Record<string | number, Json>)[s.key] = v; };
  const kind = rng.weighted([[6, 'edge'], [2, 'delete'], [1, 'duplicate'], [1, 'wrap'], [1, 'number']] as const);
  if (kind === 'edge') {
    const v = rng.pick(EDGE)();
    set(v);
    const shown = JSON.stringify(v);
    return `${s.path} = ${shown.length > 40 ? `${shown.slice(0, 37)}…` : shown}`;
  }
  if (kind === 'delete') {
    if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1);
    else delete s.parent[s.key as string];
    return `delete ${s.path}`;
  }
  if (kind === 'duplicate') {
    if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 0, clone(get()));
    else s.parent[`${String(s.key)}_copy`] = clone(get());
    return `duplicate ${s.path}`;
  }
  if (kind === 'wrap') {
    set([get()]);
    return `wrap ${s.path} in a list`;
  }
  const v = get();
  const n = typeof v === 'number' ? v : 1;
  const next = rng.pick([n + 1, n - 1, n * 2, n * 1000, -n, n + 0.5, n * 2 ** 31]);
  set(next);
  return `${s.path}: ${String(v).slice(0, 20)} → ${next}`;
}

/** Parses, mutates and re-serialises JSON text; undefined when the text is not JSON. */
export function mutateJsonText(text: string, rng: Rng, prefer?: RegExp): { text: string; desc: string } | undefined {
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
  const desc = mutateJsonValue(root, rng, prefer);
  return { text: JSON.stringify(root), desc };
}
