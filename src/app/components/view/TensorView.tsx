import { useEffect, useMemo, useRef, useState } from 'react';
import type { TensorInfo } from '../../../core/model/types';
import type { ViewRequest, ViewResult } from '../../../workers/viewTypes';
import { displayed, otherLayoutName } from '../../../workers/display';
import type { SlotId } from '../../store/types';
import { slotClient } from '../../store/slotsStore';
import { useViewPrefs } from '../../store/viewPrefs';
import { colorDomain } from '../../viz/colormaps';
import { cellsOf, figureFor } from '../../viz/figures';
import { readout, type PointNumber } from '../../viz/readout';
import { alreadyShown, regionFor, sameRect, type AxisRange } from '../../viz/zoom';
import { filterCount, hasRgb, mayDownsample, tabsFor, type Tab } from '../../viz/viewModes';
import { MAX_CELLS, isPlotted, planeAxes, viewRequest, type Choice } from '../../viz/viewRequest';
import { loadPlotly } from '../../viz/plotly';
import { recordRender } from '../../lib/bench';
import { downloadBlob, safeName, stem } from '../../lib/download';
import { useTensorView } from './useTensorView';
import { useWidth } from './useWidth';
import { PlotView } from './PlotView';
import { ViewTabs } from './ViewTabs';
import { ViewControls } from './ViewControls';
import { SliceControls } from './SliceControls';
import { KernelControls } from './KernelControls';
import { ViewStatus } from './ViewStatus';
import { HoverTip, type Hover } from './HoverTip';
import { HistogramStats } from './HistogramStats';
import { ExportButtons } from './ExportButtons';

const zeros = (n: number): number[] => Array.from({ length: n }, () => 0);

function initialChoice(info: TensorInfo, tabs: Tab[]): Choice {
  return { mode: tabs[0], layout: 'stored', axes: null, fixed: zeros(info.shape.length), rgb: false };
}

/** The "View" area of the tensor panel: plots computed in the worker, drawn with plotly. */
export function TensorView({ slot, info, fileName }: { slot: SlotId; info: TensorInfo; fileName: string }) {
  const tabs = useMemo(() => tabsFor(info), [info]);
  const prefs = useViewPrefs();
  const expanded = !!prefs.expanded[slot];
  const toggleExpanded = prefs.toggleExpanded;
  const [c, setC] = useState<Choice>(() => initialChoice(info, tabs));
  // Another tensor: fresh choices, but the same plot (plotly updates it in place, much faster
  // than building a new one, so the page stays responsive while a big tensor renders).
  const [shownName, setShownName] = useState(info.name);
  if (shownName !== info.name) {
    setShownName(info.name);
    setC(initialChoice(info, tabs));
  }
  const patch = (p: Partial<Choice>): void => setC((cur) => ({ ...cur, ...p }));
  const disp = useMemo(() => displayed(info.shape, info.layout, c.layout), [info, c.layout]);
  const other = otherLayoutName(info.shape, info.layout);
  const rank = disp.shape.length;
  const axes = planeAxes(c, rank);
  const plotted = isPlotted(c);
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useWidth(wrapRef);
  const request = useMemo<ViewRequest | null>(
    () => (width && shownName === info.name ? viewRequest(c, disp, prefs, width, window.devicePixelRatio || 1) : null),
    [c, disp, prefs, width, shownName, info.name],
  );

  const { view, viewOf, error, loading, startedAt, receivedAt } = useTensorView(slot, info.name, request);
  const range = view && 'range' in view ? view.range : null;
  const domain = range ? colorDomain(range, prefs.cmap, prefs.domain, c.manual) : null;
  const revision = view ? `${info.name}|${view.kind}|${view.layout}|${c.axes}|${c.filter}|${prefs.logCount}` : '';
  // Plotly loads while the worker computes the first view, not after it.
  useEffect(() => { loadPlotly().catch(() => undefined); }, []);
  const divRef = useRef<HTMLDivElement>(null);
  const figure = useMemo(
    () => (view && width ? figureFor(view, { cmap: prefs.cmap, domain, logCount: prefs.logCount, width }, revision) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the domain by value: a new array each render must not redraw
    [view, prefs.cmap, domain?.[0], domain?.[1], prefs.logCount, revision, width],
  );

  const [hover, setHover] = useState<Hover | null>(null);
  const drawnFor = useRef<ViewResult | null>(null);
  const [drawnTensor, setDrawnTensor] = useState<string | null>(null);

  const onHover = (p: PointNumber, x: number, y: number): void => {
    const box = wrapRef.current?.getBoundingClientRect();
    const r = view ? readout(view, p, prefs.reduce) : null;
    setHover(r && box ? { readout: r, x: x - box.left, y: y - box.top, width: box.width } : null);
  };
  const onZoom = (x: AxisRange, y: AxisRange): void => {
    if (!view) return;
    const region = regionFor(view, x, y);
    if (region === null || sameRect(region, c.region) || alreadyShown(view, region)) return;
    patch({ region });
  };
  const onDrawn = (): void => {
    // Time each view once, at its first paint (colour changes redraw without a new request).
    if (!view || drawnFor.current === view) return;
    drawnFor.current = view;
    setDrawnTensor(viewOf ?? null);
    recordRender({ tensor: info.name, kind: view.kind, cells: cellsOf(view), computeMs: receivedAt - startedAt, totalMs: performance.now() - startedAt });
  };

  const base = `${stem(fileName)}-${safeName(info.name)}`;
  const layoutSuffix = c.layout === 'other' && other ? `-${safeName(other)}` : '';
  const exportPng = async (): Promise<void> => {
    const div = divRef.current;
    if (!div) throw new Error('no plot to export');
    const Plotly = await loadPlotly();
    await Plotly.downloadImage(div, { format: 'png', filename: `${base}-${c.mode}${c.mode === 'histogram' ? '' : layoutSuffix}`, width: div.clientWidth, height: div.clientHeight, scale: 2 });
  };
  const exportNpy = async (): Promise<void> => {
    const client = slotClient(slot);
    if (!client) throw new Error('the reader of this slot is gone');
    const bytes = await client.tensorNpy(info.name, c.layout);
    downloadBlob(bytes as Uint8Array<ArrayBuffer>, `${base}${layoutSuffix}.npy`);
  };

  return (
    <section className="tensor-view" data-testid="tensor-view" data-mode={c.mode} data-drawn-tensor={drawnTensor ?? undefined} aria-label="View">
      <div className="view-head">
        <ViewTabs tabs={tabs} mode={c.mode} onChange={(mode) => { setHover(null); patch({ mode, region: undefined }); }} />
        <span className="spacer" />
        <button type="button" className={`btn btn-sm btn-ghost icon-btn${expanded ? ' is-on' : ''}`} data-testid="view-expand" aria-pressed={expanded}
          title={expanded ? 'back to the summary and the tree' : 'give the plot the whole slot'} onClick={() => toggleExpanded(slot)}>
          <svg className="btn-icon" viewBox="0 0 16 16" aria-hidden="true">
            {expanded ? <path d="M6.5 2.5v4h-4m7-4v4h4m-11 3h4v4m7-4h-4v4" /> : <path d="M2.5 6.5v-4h4m3 0h4v4m-11 3v4h4m7-4v4h-4" />}
          </svg>
        </button>
        <ExportButtons canPng={!!figure} onPng={exportPng} onNpy={exportNpy}
          npyTitle={`the tensor as a numpy .npy file${c.layout === 'other' && other ? ` in ${other} layout` : ''}`} />
      </div>
      <ViewControls mode={c.mode} plotted={plotted} reducible={mayDownsample(info, c.mode, MAX_CELLS)} stored={info.layout}
        other={other} layout={c.layout} domain={domain} manual={c.manual}
        onLayout={(layout) => { setHover(null); patch({ layout, region: undefined, axes: null, fixed: zeros(rank) }); }}
        onManual={(manual) => patch({ manual })}>
        {c.mode === 'kernels' && (filterCount(info) > 0 || hasRgb(info)) && (
          <KernelControls filters={filterCount(info)} outName="filter" filter={c.filter} rgb={c.rgb} rgbAvailable={hasRgb(info)}
            onFilter={(filter) => patch({ filter, region: undefined })} onRgb={(rgb) => patch({ rgb, region: undefined })} />
        )}
      </ViewControls>
      {c.mode === 'slice' && (
        <SliceControls shape={disp.shape} names={disp.axisNames} axes={axes} fixed={c.fixed}
          onAxes={(a) => patch({ axes: a, region: undefined })}
          onFixed={(d, k) => setC((cur) => ({ ...cur, fixed: cur.fixed.map((v, i) => (i === d ? k : v)) }))} />
      )}
      <div className={`view-body${view?.kind === 'histogram' ? ' with-side' : ''}`}>
        <div className="view-plot-wrap" ref={wrapRef} onMouseLeave={() => setHover(null)}>
          <PlotView figure={figure} divRef={divRef} busy={loading} onHover={onHover} onUnhover={() => setHover(null)} onZoom={onZoom} onDrawn={onDrawn} />
          <HoverTip hover={hover} />
        </div>
        {view?.kind === 'histogram' && viewOf === info.name && <HistogramStats stats={view.stats} />}
      </div>
      {error && <p className="view-error" role="alert" data-testid="view-error">{error}</p>}
      {/* Until the new tensor's view arrives the old plot stays (dimmed); its description does not. */}
      <ViewStatus view={error || viewOf !== info.name ? undefined : view} reduce={prefs.reduce} loading={loading} />
    </section>
  );
}
