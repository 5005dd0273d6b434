import type { LayerPair } from './compare';
import type { LayerInfo, RunnableModel } from './types';

/**
 * Simple layer pairings until the mapping module supplies its own (compareLayers takes any list
 * of pairs): the same path in two models of one framework, or the n-th weighted layer of one
 * with the n-th of the other across frameworks.
 */

export function pairByPath(a: LayerInfo[], b: LayerInfo[]): LayerPair[] {
  const inB = new Set(b.map((l) => l.path));
  return a.filter((l) => inB.has(l.path)).map((l) => [l.path, l.path]);
}

export interface OrderPairing {
  pairs: LayerPair[];
  /** set when the two models have different numbers of weighted layers */
  note?: string;
}

export function pairByParametrisedOrder(a: LayerInfo[], b: LayerInfo[]): OrderPairing {
  const pa = a.filter((l) => l.parametrised);
  const pb = b.filter((l) => l.parametrised);
  const n = Math.min(pa.length, pb.length);
  const pairs: LayerPair[] = pa.slice(0, n).map((l, i) => [l.path, pb[i].path]);
  const note = pa.length !== pb.length
    ? `the models have ${pa.length} and ${pb.length} weighted layers: only the first ${n} are paired`
    : undefined;
  return { pairs, ...(note ? { note } : {}) };
}

export function defaultPairs(a: RunnableModel, b: RunnableModel): OrderPairing & { mode: 'segment' | 'exact' } {
  if (a.framework === b.framework) return { pairs: pairByPath(a.layers, b.layers), mode: 'exact' };
  return { ...pairByParametrisedOrder(a.layers, b.layers), mode: 'segment' };
}
