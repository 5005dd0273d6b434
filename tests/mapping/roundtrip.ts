import { expect } from 'vitest';
import { applyMapping, autoMap, type Direction, type MapOptions, type Mapping } from '../../src/core/mapping';
import type { ModelDoc } from '../../src/core/model/types';

/** All target tensors of applying a mapping, by name. */
export async function applied(m: Mapping, source: ModelDoc, direction: Direction): Promise<Map<string, { shape: number[]; bytes: Uint8Array }>> {
  const out = new Map<string, { shape: number[]; bytes: Uint8Array }>();
  for await (const t of applyMapping(m, source, direction)) out.set(t.name, { shape: t.shape, bytes: t.bytes });
  return out;
}

/** A copy of `doc` whose tensors read the given bytes instead (a second checkpoint of one architecture). */
export function withValues(doc: ModelDoc, values: Map<string, { bytes: Uint8Array }>): ModelDoc {
  return {
    ...doc,
    tensors: doc.tensors.map((t) => {
      const v = values.get(t.name);
      return v ? { ...t, read: async () => v.bytes.slice() } : t;
    }),
  };
}

export const f32 = (b: Uint8Array): Float32Array => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));

/**
 * Maps A ↔ B both ways, checks the expected status, applies A → B and then B → A on the result,
 * and expects A's exact bytes back (except the tensors listed in `lossy`, e.g. split RNN biases).
 */
export async function mapAndRoundTrip(a: ModelDoc, b: ModelDoc, opts: { status?: Mapping['status']; options?: MapOptions; lossy?: string[] } = {}) {
  const m = autoMap(a, b, opts.options);
  const reverse = autoMap(b, a, opts.options);
  expect(m.status, JSON.stringify(m.pairs.flatMap((p) => p.problems), null, 1)).toBe(opts.status ?? 'ok');
  expect(reverse.status).toBe(m.status);
  const toB = await applied(m, a, 'a-to-b');
  const back = await applied(m, withValues(b, toB), 'b-to-a');
  for (const t of a.tensors) {
    if (!back.has(t.name) || opts.lossy?.includes(t.name)) continue;
    expect([...back.get(t.name)!.bytes], t.name).toEqual([...await t.read()]);
  }
  // The reverse mapping applied to B gives what the forward mapping's inverse gives.
  const viaReverse = await applied(reverse, withValues(b, toB), 'a-to-b');
  for (const [name, v] of viaReverse) expect([...v.bytes], name).toEqual([...back.get(name)!.bytes]);
  return { m, reverse, toB, back };
}
