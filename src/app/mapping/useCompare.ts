import { useEffect, useState } from 'react';
import type { TensorPair } from '../../core/mapping/types';
import { failureOf } from '../../workers/client';
import { mappingClient, type CompareLayout, type CompareResult } from '../../workers/mappingClient';
import { slotClient } from '../store/slotsStore';
import { useMapping } from './mappingStore';

/** Cells per heatmap [rows, cols]: three heatmaps side by side in the details panel. */
export const COMPARE_CELLS: [number, number] = [96, 160];

export type CompareState = { status: 'loading' } | { status: 'done'; result: CompareResult } | { status: 'error'; message: string };

/** A (left slot) and B (right slot) tensors are read by their own workers; the mapping worker lines them up. */
async function load(pair: TensorPair, layout: CompareLayout, index: number): Promise<CompareResult> {
  const ca = slotClient('left'), cb = slotClient('right');
  if (!ca?.alive || !cb?.alive) throw new Error('the reader of a slot stopped: open its file again to compare values');
  const [a, b] = await Promise.all([
    Promise.all(pair.a.map((n) => ca.tensorBytes(n))),
    Promise.all(pair.b.map((n) => cb.tensorBytes(n))),
  ]);
  return mappingClient.compare({ pair, layout, index, a, b, maxCells: COMPARE_CELLS });
}

/** The comparison of one tensor pair in one layout, recomputed when the pair, the layout or the documents change. */
export function useCompare(pair: TensorPair, layout: CompareLayout, index: number): CompareState {
  const docs = useMapping((s) => s.key);
  // Every edit clones the mapping in the worker: key on the pair's content, not its identity.
  const spec = JSON.stringify({ a: pair.a, b: pair.b, steps: pair.steps, shapesA: pair.shapesA, shapesB: pair.shapesB });
  const key = `${docs}|${layout}|${index}|${spec}`;
  const [state, setState] = useState<{ key: string; value: CompareState } | null>(null);
  useEffect(() => {
    let live = true;
    const tp = JSON.parse(spec) as TensorPair;
    load(tp, layout, index).then(
      (result) => { if (live) setState({ key, value: { status: 'done', result } }); },
      (e: unknown) => { if (live) setState({ key, value: { status: 'error', message: failureOf(e).message } }); },
    );
    return () => { live = false; };
  }, [key, spec, layout, index]);
  return state?.key === key ? state.value : { status: 'loading' };
}
