import { useEffect, useRef, useState, type RefObject } from 'react';
import type { PlotlyHTMLElement, PlotRelayoutEvent } from 'plotly.js-cartesian-dist-min';
import { loadPlotly } from '../../viz/plotly';
import { PLOT_CONFIG, type Figure } from '../../viz/figureBase';
import type { PointNumber } from '../../viz/readout';
import type { AxisRange } from '../../viz/zoom';

interface Props {
  figure: Figure | null;
  divRef: RefObject<HTMLDivElement | null>;
  busy: boolean;
  onHover(p: PointNumber, clientX: number, clientY: number): void;
  onUnhover(): void;
  /** the visible x and y ranges after a zoom or pan (null: the whole axis) */
  onZoom(x: AxisRange, y: AxisRange): void;
  onDrawn(figure: Figure): void;
}

type PlotState = 'loading' | 'drawn' | 'error';
type Handlers = Pick<Props, 'onHover' | 'onUnhover' | 'onZoom' | 'onDrawn'>;

/** The plotly host: draws with Plotly.react (plotly loads on first use) and reports hover and zoom. */
export function PlotView({ figure, divRef, busy, onHover, onUnhover, onZoom, onDrawn }: Props) {
  const [plotState, setPlotState] = useState<PlotState>('loading');
  const [draws, setDraws] = useState(0);
  const [loadError, setLoadError] = useState<string | null>(null);
  const handlers = useRef<Handlers>({ onHover, onUnhover, onZoom, onDrawn });
  useEffect(() => { handlers.current = { onHover, onUnhover, onZoom, onDrawn }; });
  const wired = useRef(false);

  useEffect(() => {
    const div = divRef.current;
    if (!figure || !div) return;
    let cancelled = false;
    loadPlotly()
      .then((Plotly) => Plotly.react(div, figure.data, figure.layout, PLOT_CONFIG))
      .then((gd) => {
        if (cancelled) return;
        if (!wired.current) { wire(gd, handlers); wired.current = true; }
        // Painted once the browser has had a frame to show the canvas plotly filled.
        requestAnimationFrame(() => {
          if (cancelled) return;
          setPlotState('drawn');
          setDraws((n) => n + 1);
          handlers.current.onDrawn(figure);
        });
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        setPlotState('error');
        setLoadError(err instanceof Error ? err.message : String(err));
      });
    return () => { cancelled = true; };
  }, [figure, divRef]);

  // Purge on unmount: plotly keeps listeners and WebGL-free canvases on the div otherwise.
  useEffect(() => {
    const div = divRef.current;
    return () => {
      wired.current = false;
      if (div) void loadPlotly().then((P) => P.purge(div)).catch(() => undefined);
    };
  }, [divRef]);

  return (
    <div className={`plot${busy ? ' is-busy' : ''}`} data-testid="plot" data-state={plotState} data-draws={draws} data-busy={busy}>
      <div ref={divRef} className="plot-area" data-testid="plot-area" />
      {plotState === 'loading' && <div className="plot-overlay"><span className="spinner sm" aria-hidden="true" /> loading the plot…</div>}
      {plotState === 'error' && <div className="plot-overlay is-error" role="alert">The plotting library could not load: {loadError}</div>}
    </div>
  );
}

/** Plotly's events, forwarded to the latest handlers (the ref), attached once per plot. */
function wire(gd: PlotlyHTMLElement, handlers: RefObject<Handlers>): void {
  gd.on('plotly_hover', (e) => {
    const p = e.points[0];
    if (p) handlers.current.onHover(p.pointNumber, e.event.clientX, e.event.clientY);
  });
  gd.on('plotly_unhover', () => handlers.current.onUnhover());
  gd.on('plotly_relayout', (e: PlotRelayoutEvent) => {
    if (!Object.keys(e).some((k) => /^[xy]axis\.(range|autorange)/.test(k))) return;
    const lay = gd.layout as { xaxis?: { range?: number[]; autorange?: unknown }; yaxis?: { range?: number[]; autorange?: unknown } };
    const range = (a?: { range?: number[]; autorange?: unknown }): AxisRange =>
      a && a.autorange !== true && a.autorange !== 'reversed' && a.range ? [Math.min(a.range[0], a.range[1]), Math.max(a.range[0], a.range[1])] : null;
    handlers.current.onZoom(range(lay.xaxis), range(lay.yaxis));
  });
}
