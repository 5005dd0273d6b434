import { useState } from 'react';
import { stepsShapes } from '../../core/mapping/transforms';
import type { TensorPair } from '../../core/mapping/types';
import type { TensorInfo } from '../../core/model/types';
import type { CompareLayout, CompareResult } from '../../workers/mappingClient';
import { formatNumber, formatShape } from '../lib/format';
import { HeatmapCanvas } from './HeatmapCanvas';
import { SCALE_CSS } from './heatColors';
import { useCompare } from './useCompare';

interface Props { pair: TensorPair; infos: { a: Map<string, TensorInfo>; b: Map<string, TensorInfo> } }

const FIG_W = 150, FIG_H = 140;
const leaf = (n: string): string => n.slice(Math.max(n.lastIndexOf('.'), n.lastIndexOf('/')) + 1);

/** The verdict on max |Δ|: float32 copies of one model agree to rounding; anything else is other weights (or a wrong transform). */
function verdict(r: CompareResult): { text: string; same: boolean } {
  if (r.nanMismatch) return { text: `${r.nanMismatch} element(s) are NaN on one side only`, same: false };
  const rel = r.maxAbs > 0 ? r.maxAbsDiff / r.maxAbs : r.maxAbsDiff;
  if (r.maxAbsDiff === 0) return { text: 'identical: both files hold these weights', same: true };
  if (rel <= 1e-6) return { text: `equal to rounding (relative ${formatNumber(rel, 2)})`, same: true };
  return { text: `values differ (relative ${formatNumber(rel, 2)}): other weights, or a transform that does not fit`, same: false };
}

/** A and B tensors of a pair side by side in one layout, and their difference. */
/** Whether A's shapes, put through the steps, are B's: only then can the values be lined up. */
function fits(pair: TensorPair): boolean {
  try {
    return stepsShapes(pair.steps, pair.shapesA).map((s) => s.join('×')).join('|') === pair.shapesB.map((s) => s.join('×')).join('|');
  } catch {
    return false;
  }
}

export function TensorCompare({ pair, infos }: Props) {
  const present = pair.a.every((n) => infos.a.has(n)) && pair.b.every((n) => infos.b.has(n));
  // A sum (LSTM biases) has no exact inverse: split values only compare in B's layout.
  const splits = pair.steps.some((s) => s.op === 'sum');
  const [layout, setLayout] = useState<CompareLayout>(splits ? 'b' : 'a');
  const [index, setIndex] = useState(0);
  const names = layout === 'a' ? pair.a : pair.b;
  const why = !present ? 'A tensor of this pair is missing from its file: nothing to compare.'
    : !fits(pair) ? 'The shapes do not fit through the steps (see the problems above): the values cannot be lined up.' : null;
  return (
    <section className="compare" data-testid="tensor-compare" data-layout={layout}>
      <div className="compare-head">
        <h4 className="section-title">Values</h4>
        <div className="seg" role="group" aria-label="Layout shown">
          {(['a', 'b'] as const).map((l) => (
            <button key={l} type="button" className={`seg-btn${layout === l ? ' is-active' : ''}`} aria-pressed={layout === l}
              onClick={() => { setLayout(l); setIndex(0); }} data-testid={`compare-layout-${l}`}>
              in {l.toUpperCase()}'s layout
            </button>
          ))}
        </div>
        {names.length > 1 && (
          <div className="seg" role="group" aria-label="Tensor shown">
            {names.map((n, i) => (
              <button key={n} type="button" className={`seg-btn${i === index ? ' is-active' : ''}`} onClick={() => setIndex(i)}>{leaf(n)}</button>
            ))}
          </div>
        )}
      </div>
      {splits && layout === 'a' && <p className="muted compare-note">A's layout splits the summed bias by the stated choice (all into the first tensor, −0.0 into the other): differences here are expected.</p>}
      {why ? <p className="muted" data-testid="compare-unavailable">{why}</p> : <CompareBody pair={pair} layout={layout} index={index} infos={infos} />}
    </section>
  );
}

function CompareBody({ pair, layout, index, infos }: { pair: TensorPair; layout: CompareLayout; index: number; infos: Props['infos'] }) {
  const state = useCompare(pair, layout, index);
  const [hover, setHover] = useState<{ r: number; c: number } | null>(null);
  if (state.status === 'loading') return <p className="muted compare-status" data-testid="compare-loading"><span className="spinner sm" /> reading both tensors…</p>;
  if (state.status === 'error') return <p className="compare-error" data-testid="compare-error">{state.message}</p>;
  const r = state.result;
  const [shown, other] = layout === 'a' ? ['A', 'B'] : ['B', 'A'];
  const otherNames = (layout === 'a' ? pair.b : pair.a).map(leaf).join(' + ');
  const info = (layout === 'a' ? infos.a : infos.b).get(r.name);
  const cell = Math.min(FIG_W / r.stored.cols, FIG_H / r.stored.rows, 24);
  const v = verdict(r);
  const at = (g: CompareResult['stored']): string => (hover ? formatNumber(g.values[hover.r * g.cols + hover.c], 5) : '');
  const fig = (g: CompareResult['stored'], testId: string, title: string, sub: string, scale: 'diverging' | 'sequential', max: number) => (
    <figure className="compare-fig">
      <div className="compare-canvas"><HeatmapCanvas grid={g} scale={scale} max={max} cell={cell} testId={testId} label={title} onHover={setHover} /></div>
      <figcaption><b>{title}</b><span className="muted">{sub}</span>
        <span className="compare-bar" style={{ background: SCALE_CSS[scale] }} />
        <span className="compare-range mono">{scale === 'diverging' ? `±${formatNumber(max, 3)}` : `0 … ${formatNumber(max, 3)}`}</span>
      </figcaption>
    </figure>
  );
  return (
    <>
      <p className="compare-caption muted" data-testid="compare-caption">
        Both in {shown}'s layout{info?.layout ? ` (${info.layout})` : ''}, {formatShape(r.shape)} shown as {r.rows}×{r.cols}
        {r.blockRows * r.blockCols > 1 ? `, each cell the largest-magnitude value of a ${r.blockRows}×${r.blockCols} block` : ''}.
      </p>
      <div className="compare-figs">
        {fig(r.stored, 'heat-stored', `${shown} · ${leaf(r.name)}`, 'as stored', 'diverging', r.maxAbs)}
        {fig(r.transformed, 'heat-transformed', `${other} · ${otherNames}`, `→ ${shown}'s layout`, 'diverging', r.maxAbs)}
        {fig(r.diff, 'heat-diff', '|Δ|', 'difference', 'sequential', r.maxAbsDiff)}
      </div>
      <p className="compare-readout mono" aria-live="polite">
        {hover ? `cell ${hover.r}, ${hover.c}: ${shown} ${at(r.stored)} · ${other}→${shown} ${at(r.transformed)} · |Δ| ${at(r.diff)}` : 'hover a heatmap to read its values'}
      </p>
      <p className={`compare-verdict ${v.same ? 'is-same' : 'is-different'}`} data-testid="compare-verdict" data-same={v.same}>
        max |Δ| = <b className="mono" data-testid="compare-maxdiff" data-value={r.maxAbsDiff}>{formatNumber(r.maxAbsDiff, 4)}</b>
        <span> over {r.numel.toLocaleString('en-US')} values — {v.text}</span>
      </p>
    </>
  );
}

