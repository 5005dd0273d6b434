import { applyMapping, type AppliedTensor, type Direction, type LayerPair, type Mapping, type TensorPair } from '../mapping';
import type { DType } from '../model/dtype';
import type { ModelDoc } from '../model/types';
import { ConvertError } from './errors';

/** A target tensor the mapping produces: from which tensor pair, with which shape and dtype. */
export interface MappedTarget {
  name: string;
  shape: number[];
  /** the source tensors' dtype (casting to the target's is the writer's job) */
  dtype: DType;
  pair: LayerPair;
  tensors: TensorPair;
}

export interface MappedOptions {
  signal?: AbortSignal;
  /** an incompatible pair stops the conversion (default) or leaves its target tensors untouched */
  incompatible?: 'throw' | 'skip';
}

/**
 * The target tensors of a mapping, computed on demand in whatever order a writer needs them
 * (a zip's storage order, a state_dict's key order) rather than the mapping's pair order. Each
 * request runs one tensor pair through applyMapping; outputs of the same pair that are not asked
 * for yet (a GRU bias split into b_ih and b_hh) wait in a small cache until they are.
 */
export class MappedTensors {
  readonly targets = new Map<string, MappedTarget>();
  readonly skipped: string[] = [];
  private readonly cache = new Map<string, AppliedTensor>();

  constructor(private readonly mapping: Mapping, private readonly source: ModelDoc, private readonly direction: Direction, private readonly opts: MappedOptions = {}) {
    const forward = direction === 'a-to-b';
    const byName = new Map(source.tensors.map((t) => [t.name, t]));
    for (const pair of mapping.pairs) {
      if (pair.status === 'incompatible') {
        const why = pair.problems.find((p) => p.severity === 'error')?.message ?? 'incompatible';
        if (opts.incompatible !== 'skip') throw new ConvertError(`cannot convert layer pair ${pair.id}: ${why}`);
        this.skipped.push(`${pair.id} (${why})`);
        continue;
      }
      for (const tp of pair.tensors) {
        const from = forward ? tp.a : tp.b;
        const to = forward ? tp.b : tp.a;
        const shapes = forward ? tp.shapesB : tp.shapesA;
        const src = byName.get(from[0]);
        if (!src) throw new ConvertError(`the mapping reads \`${from[0]}\`, which ${source.fileName} does not hold`);
        to.forEach((name, k) => {
          if (this.targets.has(name)) throw new ConvertError(`the mapping writes \`${name}\` twice`);
          this.targets.set(name, { name, shape: shapes[k], dtype: src.dtype, pair, tensors: tp });
        });
      }
    }
  }

  /** The target tensor's values (contiguous, little-endian, in the source's dtype). */
  async get(name: string): Promise<AppliedTensor> {
    const cached = this.cache.get(name);
    if (cached) {
      this.cache.delete(name);
      return cached;
    }
    const t = this.targets.get(name);
    if (!t) throw new ConvertError(`the mapping does not produce \`${name}\``);
    const one: Mapping = { ...this.mapping, pairs: [{ ...t.pair, tensors: [t.tensors] }] };
    let found: AppliedTensor | undefined;
    for await (const out of applyMapping(one, this.source, this.direction, { signal: this.opts.signal })) {
      if (out.name === name) found = out;
      else this.cache.set(out.name, out);
    }
    if (!found) throw new ConvertError(`the mapping did not produce \`${name}\``);
    return found;
  }
}
