import type { CompareReply, RunReply } from './runApi';
import { LayerPlot } from './LayerPlot';

const fmt = (v: number | undefined): string => (v === undefined ? '—' : v === 0 ? '0' : Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4 ? v.toExponential(3) : v.toPrecision(5));
const ms = (v: number): string => `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`;

/** The backend that ran, flagged when tfjs fell back from the one asked for. */
export function BackendShown({ requested, backend, fellBack }: { requested: string; backend: string; fellBack: boolean }) {
  return (
    <span className={`run-backend${fellBack ? ' is-fallback' : ''}`} data-testid="run-backend-shown" data-backend={backend} data-fell-back={String(fellBack)}>
      ran on <b>{backend}</b>
      {fellBack && <span data-testid="run-fallback"> — {requested} was not available, tfjs fell back</span>}
    </span>
  );
}

export function RunResult({ r }: { r: RunReply }) {
  return (
    <div className="run-result" data-testid="run-result" data-values={JSON.stringify(r.values)} data-total={r.total}
      data-shape={JSON.stringify(r.shape)} data-backend={r.backend} data-requested={r.requested} data-fell-back={String(r.fellBack)} data-ms={r.ms} data-setup-ms={r.setupMs}>
      <div className="run-line">
        <BackendShown requested={r.requested} backend={r.backend} fellBack={r.fellBack} />
        <span className="muted" data-testid="run-timing">{ms(r.ms)} run · {ms(r.setupMs)} setup</span>
      </div>
      <div className="run-line muted">input [{r.inputShape.join(', ')}] from {r.inputOrigin} → output [{r.shape.join(', ')}] ({r.layout})</div>
      <div className="run-values mono">
        {r.values.map((v, i) => <span key={i}>{fmt(v)}</span>)}
        {r.total > r.values.length && <span className="muted">… {r.total - r.values.length} more</span>}
      </div>
    </div>
  );
}

export function CompareResult({ c, tolerance }: { c: CompareReply; tolerance: number }) {
  // The verdict follows the tolerance field live; the run itself need not be repeated.
  const verdict = c.verdict === 'incomparable' || c.maxAbs === undefined ? 'incomparable' : c.maxAbs <= tolerance ? 'match' : 'differ';
  return (
    <div className="run-result" data-testid="compare-result" data-verdict={verdict} data-max-abs={c.maxAbs ?? ''}
      data-mean-abs={c.meanAbs ?? ''} data-relative={c.relative ?? ''} data-backend={c.backend}>
      <div className="run-line">
        <span className={`run-verdict is-${verdict}`} data-testid="compare-verdict">
          {verdict === 'match' ? `match (max |Δ| ≤ ${tolerance})` : verdict === 'differ' ? `differ (max |Δ| > ${tolerance})` : 'cannot compare'}
        </span>
        <BackendShown requested={c.requested} backend={c.backend} fellBack={c.fellBack} />
        <span className="muted">A {ms(c.msA)} · B {ms(c.msB)}</span>
      </div>
      <dl className="run-stats">
        <dt>max |Δ|</dt><dd className="mono">{fmt(c.maxAbs)}</dd>
        <dt>mean |Δ|</dt><dd className="mono">{fmt(c.meanAbs)}</dd>
        <dt>relative</dt><dd className="mono">{fmt(c.relative)}</dd>
        <dt>argmax</dt><dd className="mono" data-testid="compare-argmax">{c.argmax ? `${c.argmax.agree}/${c.argmax.rows} agree` : '—'}</dd>
      </dl>
      <div className="run-line muted">input [{c.inputShape.join(', ')}] from {c.inputOrigin}{c.note ? ` · ${c.note}` : ''}</div>
      {c.notes.map((n) => <div key={n} className="run-line muted">{n}</div>)}
      {c.rows.length > 0
        ? <LayerPlot rows={c.rows} tolerance={tolerance} jump={c.biggestJump} />
        : <p className="muted">No layers were paired, so there is no per-layer plot.</p>}
    </div>
  );
}
