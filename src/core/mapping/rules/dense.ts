import { feedInfo, type FeedInfo } from '../feed';
import type { LayerView } from '../layers';
import type { FeatureMap, MapOptions, Problem, Step } from '../types';
import { type CrossRule, link, problem, result, who } from './common';

/**
 * Linear ↔ Dense: (out, in) ↔ (in, out), a transpose. When the input is a flattened C×H×W map,
 * torch's flatten reads it channel-major (C,H,W) and Keras's channel-last (H,W,C), so the kernel
 * rows are permuted too. Only C and H·W matter to that permutation.
 */
export const denseRule: CrossRule = (t, k, options) => {
  const r = result('dense');
  const w = t.roles.get('weight'), kern = k.roles.get('kernel');
  if (w && kern) {
    const steps: Step[] = [{ op: 'transpose', perm: [1, 0], from: '(out,in)', to: '(in,out)' }];
    const inFeatures = w.shape[1] ?? kern.shape[0];
    const flat = flattenFor(t, k, inFeatures, options);
    if (flat.map) {
      r.rule = 'dense-after-flatten';
      steps.push({ op: 'flattenRows', axis: 0, channels: flat.map.channels, spatial: flat.map.spatial, order: 'chw-to-hwc' });
    }
    r.problems.push(...flat.problems);
    link(r, w, kern, steps);
  }
  link(r, t.roles.get('bias'), k.roles.get('bias'));
  return r;
};

interface FlattenDecision { map?: FeatureMap; problems: Problem[] }

function flattenFor(t: LayerView, k: LayerView, inFeatures: number, options: MapOptions): FlattenDecision {
  const given = options.flatten?.[t.node.path] ?? options.flatten?.[k.node.path];
  if (given === 'none') return { problems: [] };
  if (given) {
    const s = given.spatial.reduce((a, b) => a * b, 1);
    if (given.channels * s !== inFeatures) {
      return { problems: [problem('error', 'flatten', `the feature map given for ${who(t)}, ${given.channels}×${given.spatial.join('×')}, has ${given.channels * s} elements but the layer reads ${inFeatures} features`)] };
    }
    return { map: s > 1 && given.channels > 1 ? given : undefined, problems: [] };
  }
  const ft = feedInfo(t.doc, t.node), fk = feedInfo(k.doc, k.node);
  const problems: Problem[] = [];
  if (ft.channels && fk.channels && ft.channels !== fk.channels) {
    problems.push(problem('attention', 'flatten', `the layers feeding ${who(t)} and ${who(k)} have different channel counts (${ft.channels} vs ${fk.channels})`));
  }
  const c = ft.channels ?? fk.channels;
  if (!c || c === 1 || inFeatures % c !== 0 || inFeatures === c || ft.pooled || fk.pooled) return { problems };
  const s = inFeatures / c;
  if (fk.channelsFirst) {
    problems.push(problem('info', 'flatten', `${who(k)} flattens a channels_first map, in torch's C,H,W order: rows are not permuted`));
    return { problems };
  }
  const map: FeatureMap = { channels: c, spatial: [s] };
  const evidence = ft.flatten || fk.flatten;
  const unsure = ft.unsure ?? fk.unsure;
  if (evidence && !unsure) return { map, problems };
  problems.push({
    ...problem('attention', 'flatten', question(t, k, ft, fk, c, s, unsure)),
    question: { option: 'flatten', layer: t.node.path, assumed: map },
  });
  return { map, problems };
}

function question(t: LayerView, k: LayerView, ft: FeedInfo, fk: FeedInfo, c: number, s: number, unsure?: string): string {
  const src = ft.source ?? fk.source ?? 'the layer before';
  const why = unsure ? `${unsure} lies in between and may reorder it` : 'neither file shows a Flatten layer';
  return `is the input of ${who(t)} / ${who(k)} the flattened ${c}×H×W output of \`${src}\` (H·W = ${s})? ${why}. `
    + `Assumed yes (rows permuted C,H,W → H,W,C); answer with options.flatten["${t.node.path}"] = { channels: ${c}, spatial: [H, W] } or "none"`;
}
