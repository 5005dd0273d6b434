import type { Direction, Mapping } from '../mapping';
import { toNumbers } from '../model/dtype';
import type { ModelDoc, TensorRef } from '../model/types';
import { castBytes } from './cast';
import { MappedTensors } from './mapped';

/**
 * The fallback check when the models cannot be run: every tensor of the converted file is compared
 * with what the mapping makes of the source (cast to the file's dtype), or — for conversions that
 * keep names — with the source tensor of the same name.
 */
export interface TensorCheck {
  compared: number;
  /** tensors whose bytes equal the expected bytes exactly */
  exact: number;
  maxAbs: number;
  /** the first tensor that differs most, for the message */
  worst?: string;
  missing: string[];
}

function sameNameSource(source: ModelDoc, name: string): TensorRef | undefined {
  const exact = source.tensors.find((t) => t.name === name);
  if (exact) return exact;
  const hits = source.tensors.filter((t) => t.name.endsWith(`.${name}`));
  return hits.length === 1 ? hits[0] : undefined;
}

function compare(a: Uint8Array, b: Uint8Array, dtype: TensorRef['dtype']): { exact: boolean; maxAbs: number } {
  if (a.length === b.length && a.every((x, i) => x === b[i])) return { exact: true, maxAbs: 0 };
  if (a.length !== b.length) return { exact: false, maxAbs: Infinity };
  const x = toNumbers(dtype, a), y = toNumbers(dtype, b);
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i] - y[i]);
    m = Math.max(m, Number.isNaN(d) ? (Number.isNaN(x[i]) && Number.isNaN(y[i]) ? 0 : Infinity) : d);
  }
  return { exact: false, maxAbs: m };
}

export async function checkTensors(
  source: ModelDoc, converted: ModelDoc, written: string[], how: { mapping?: Mapping; direction?: Direction }, signal?: AbortSignal,
): Promise<TensorCheck> {
  const byName = new Map(converted.tensors.map((t) => [t.name, t]));
  const mapped = how.mapping ? new MappedTensors(how.mapping, source, how.direction ?? 'a-to-b', { signal, incompatible: 'skip' }) : undefined;
  const out: TensorCheck = { compared: 0, exact: 0, maxAbs: 0, missing: [] };
  for (const name of written) {
    const got = byName.get(name);
    const expectedRef = mapped?.targets.has(name) ? undefined : sameNameSource(source, name);
    if (!got || (!mapped?.targets.has(name) && !expectedRef)) {
      // num_batches_tracked and friends are written without a source counterpart
      if (!got) out.missing.push(name);
      continue;
    }
    let expected: Uint8Array;
    if (expectedRef) expected = castBytes(name, await expectedRef.read(signal), expectedRef.dtype, got.dtype);
    else {
      const a = await mapped!.get(name);
      expected = castBytes(name, a.bytes, a.dtype, got.dtype);
    }
    const r = compare(await got.read(signal), expected, got.dtype);
    out.compared++;
    if (r.exact) out.exact++;
    if (r.maxAbs > out.maxAbs) { out.maxAbs = r.maxAbs; out.worst = name; }
  }
  return out;
}
