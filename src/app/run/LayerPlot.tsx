import type { LayerRowReply } from './runApi';

const W = 640, H = 180, PAD_L = 44, PAD_B = 34, PAD_T = 10;

/** The first row whose relative difference exceeds `tolerance` (as the core's firstDivergent, but live). */
export function firstDivergent(rows: LayerRowReply[], tolerance: number): number | undefined {
  const i = rows.findIndex((r) => r.relative === undefined || !(r.relative <= tolerance));
  return i < 0 ? undefined : i;
}

/**
 * Max |Δ| per compared layer on a log scale: a difference that jumps by orders of magnitude at one
 * layer is what tells a layout bug from float noise, and a log axis shows both. Plain SVG: Plotly
 * would load a megabyte for a dozen bars.
 */
export function LayerPlot({ rows, tolerance, jump }: { rows: LayerRowReply[]; tolerance: number; jump?: number }) {
  const first = firstDivergent(rows, tolerance);
  const vals = rows.map((r) => (r.maxAbs !== undefined && Number.isFinite(r.maxAbs) ? Math.max(r.maxAbs, 1e-12) : undefined));
  const known = vals.filter((v): v is number => v !== undefined);
  const lo = Math.floor(Math.log10(Math.min(1e-8, ...known)));
  const hi = Math.ceil(Math.log10(Math.max(1e-4, ...known)));
  const y = (v: number): number => PAD_T + (H - PAD_T - PAD_B) * (1 - (Math.log10(v) - lo) / (hi - lo));
  const bw = (W - PAD_L - 8) / Math.max(rows.length, 1);
  const ticks = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i).filter((e, _, a) => a.length <= 8 || (e - lo) % 2 === 0);
  return (
    <figure className="run-plot">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="max |Δ| per layer" data-testid="run-layer-plot"
        data-bars={rows.length} data-first-divergent={first ?? ''}>
        {ticks.map((e) => (
          <g key={e}>
            <line x1={PAD_L} x2={W - 4} y1={y(10 ** e)} y2={y(10 ** e)} className="run-grid" />
            <text x={PAD_L - 4} y={y(10 ** e) + 3} className="run-tick" textAnchor="end">1e{e}</text>
          </g>
        ))}
        <line x1={PAD_L} x2={W - 4} y1={y(tolerance)} y2={y(tolerance)} className="run-tol" />
        {rows.map((r, i) => {
          const v = vals[i];
          const x = PAD_L + i * bw + bw * 0.15;
          const cls = `run-bar${i === first ? ' is-first' : v !== undefined && (r.relative ?? Infinity) > tolerance ? ' is-bad' : ''}`;
          return (
            <g key={`${r.a}|${r.b}`} data-testid="run-layer-bar" data-layer={r.a} data-max-abs={r.maxAbs ?? ''}>
              <title>{`${r.a} ↔ ${r.b}: ${v === undefined ? r.note ?? 'not compared' : `max |Δ| ${r.maxAbs?.toExponential(2)}, relative ${r.relative?.toExponential(2)}`}`}</title>
              {v !== undefined
                ? <rect x={x} width={bw * 0.7} y={y(v)} height={Math.max(1, H - PAD_B - y(v))} className={cls} />
                : <text x={x + bw * 0.35} y={H - PAD_B - 4} className="run-tick" textAnchor="middle">n/a</text>}
              {i === jump && v !== undefined && <text x={x + bw * 0.35} y={y(v) - 3} className="run-jump" textAnchor="middle">▲</text>}
              <text x={x + bw * 0.35} y={H - PAD_B + 12} className="run-tick" textAnchor="middle">{r.a.length > 10 ? `${r.a.slice(0, 9)}…` : r.a}</text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">
        max |Δ| per layer (log scale); dashed line: tolerance{first !== undefined ? `; first over it (relative): ${rows[first].a} ↔ ${rows[first].b}` : '; every layer within it'}
        {jump !== undefined && rows[jump] ? `; ▲ biggest jump at ${rows[jump].a}` : ''}
      </figcaption>
    </figure>
  );
}
