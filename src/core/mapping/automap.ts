import type { ModelDoc } from '../model/types';
import { align } from './align';
import { layerView, mappableLayers } from './layers';
import { noRuleReason } from './rules';
import { assemble, buildPair, findLayer, withProblem } from './pairs';
import { MappingError, type LayerPair, type MapOptions, type Mapping } from './types';

// An exact pair beats one that needs attention, which beats a same-family pair with wrong shapes;
// any pair beats none, so the alignment pairs as many layers as the rules allow.
const SCORE = { ok: 100, 'needs-attention': 80, incompatible: 10 } as const;
const GOOD = SCORE['needs-attention'];

/**
 * Pairs the layers with weights of two documents. Names never matter: layers are aligned in
 * order by kind and shape compatibility under the rules; ties and out-of-order pairings are
 * reported on the pairs they concern.
 */
export function autoMap(docA: ModelDoc, docB: ModelDoc, options: MapOptions = {}): Mapping {
  const la = mappableLayers(docA), lb = mappableLayers(docB);
  const cache = new Map<number, LayerPair | null>();
  const pairAt = (i: number, j: number): LayerPair | null => {
    const key = i * lb.length + j;
    if (!cache.has(key)) {
      // Layers no rule relates are never paired: skip building (and validating) the pair.
      const related = !noRuleReason(layerView(docA, la[i]), layerView(docB, lb[j]));
      cache.set(key, related ? buildPair(docA, docB, la[i], lb[j], options) : null);
    }
    return cache.get(key)!;
  };
  const score = (i: number, j: number): number | null => {
    const p = pairAt(i, j);
    return p ? SCORE[p.status] : null;
  };
  const { matches, alternatives } = align(la.length, lb.length, score);

  const chosen: { i: number; pair: LayerPair }[] = matches.map(([i, j]) => {
    let pair = pairAt(i, j)!;
    const alt = (alternatives.get(`${i},${j}`) ?? []).filter(([x, y]) => (score(x, y) ?? 0) >= GOOD);
    if (pair.status !== 'incompatible' && alt.length) {
      const others = alt.map(([x, y]) => (x === i ? `\`${lb[y].path}\` (B)` : `\`${la[x].path}\` (A)`));
      pair = withProblem(pair, {
        severity: 'attention', code: 'ambiguous',
        message: `ambiguous: ${others.join(', ')} would fit as well as this pairing; the order of the layers decided — check it`,
      });
    }
    return { i, pair };
  });

  // Layers defined in a different order than they run (custom torch modules) still pair when
  // exactly one partner is left for each: compatible ones first, then same-kind ones whose shapes
  // differ, so that their problems are shown rather than two unexplained unmapped layers.
  const freeA = new Set(la.keys()), freeB = new Set(lb.keys());
  for (const [i, j] of matches) { freeA.delete(i); freeB.delete(j); }
  for (const min of [GOOD, SCORE.incompatible]) {
    for (let changed = true; changed;) {
      changed = false;
      for (const i of freeA) {
        const cands = [...freeB].filter((j) => (score(i, j) ?? 0) >= min);
        if (cands.length !== 1) continue;
        const j = cands[0];
        if ([...freeA].filter((x) => (score(x, j) ?? 0) >= min).length !== 1) continue;
        chosen.push({
          i, pair: withProblem(pairAt(i, j)!, {
            severity: 'attention', code: 'out-of-order',
            message: `paired out of order: \`${la[i].path}\` and \`${lb[j].path}\` sit at different places in the two models; each is the only partner of its kind left for the other`,
          }),
        });
        freeA.delete(i); freeB.delete(j); changed = true;
      }
    }
  }
  chosen.sort((x, y) => x.i - y.i);
  return assemble(docA, docB, chosen.map((c) => c.pair), options);
}

/** Pairs two layers by hand (replacing the pairs either was in), checked like any other pair. */
export function setPair(mapping: Mapping, docA: ModelDoc, docB: ModelDoc, aPath: string, bPath: string): Mapping {
  const a = findLayer(docA, aPath), b = findLayer(docB, bPath);
  if (!a) throw new MappingError(`no layer \`${aPath}\` in ${docA.fileName}`);
  if (!b) throw new MappingError(`no layer \`${bPath}\` in ${docB.fileName}`);
  const kept = mapping.pairs.filter((p) => p.a !== aPath && p.b !== bPath);
  const pair = buildPair(docA, docB, a, b, mapping.options, 'manual');
  const order = new Map(mappableLayers(docA).map((n, i) => [n.path, i]));
  const pairs = [...kept, pair].sort((x, y) => (order.get(x.a) ?? 0) - (order.get(y.a) ?? 0));
  return assemble(docA, docB, pairs, mapping.options);
}

export function removePair(mapping: Mapping, docA: ModelDoc, docB: ModelDoc, id: string): Mapping {
  return assemble(docA, docB, mapping.pairs.filter((p) => p.id !== id), mapping.options);
}

/**
 * Re-checks every pair with new options (e.g. an answered flatten question), keeping the pairing.
 * Automatic and manual pairs are rebuilt by their rule; imported pairs keep their own tensor pairs.
 */
export function remap(mapping: Mapping, docA: ModelDoc, docB: ModelDoc, options: MapOptions = mapping.options): Mapping {
  const pairs = mapping.pairs.map((p) => {
    const a = findLayer(docA, p.a), b = findLayer(docB, p.b);
    if (!a || !b) return p;
    const given = p.origin === 'imported' ? { tensors: p.tensors, dropped: p.dropped } : undefined;
    return buildPair(docA, docB, a, b, options, p.origin, given);
  });
  return assemble(docA, docB, pairs, options);
}
