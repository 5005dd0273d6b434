/** What every figure shares: fonts and colours of the app, a quiet mode bar, no plotly logo. */
import type { PlotConfig, PlotData, PlotLayout } from 'plotly.js-cartesian-dist-min';

export interface Figure {
  data: PlotData[];
  layout: PlotLayout;
  /** a key that changes when the plot shows something else (keeps the user's zoom otherwise) */
  revision: string;
}

export const TEXT = '#4a5261';
export const GRID = '#e6e9ee';
export const ACCENT = '#2f5bea';
/** Behind NaN cells: the gaps between kernel tiles must not look like zeros (white) in any map. */
export const GAP_BG = '#c9ced6';

export function baseLayout(revision: string, extra: PlotLayout = {}): PlotLayout {
  return {
    uirevision: revision,
    // Fixed margins: plotly's automargin lays the plot out twice (half the draw time of a big heatmap).
    margin: { l: 60, r: 12, t: 6, b: 42 },
    font: { family: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif', size: 11, color: TEXT },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: '#ffffff',
    dragmode: 'zoom',
    hovermode: 'closest',
    showlegend: false,
    ...extra,
  };
}

export function axis(title: string, extra: PlotLayout = {}): PlotLayout {
  return {
    title: { text: title, font: { size: 11, color: TEXT }, standoff: 6 },
    showgrid: false, zeroline: false, ticks: 'outside', ticklen: 3, tickcolor: GRID,
    linecolor: GRID, showline: true, automargin: false,
    ...extra,
  };
}

export const PLOT_CONFIG: PlotConfig = {
  displaylogo: false,
  responsive: false,
  doubleClick: 'reset',
  // The status line under the plot says how to zoom back; plotly's toast would cover the other slot.
  showTips: false,
  displayModeBar: 'hover',
  // PNG export has its own button beside the plot; selection tools mean nothing on a heatmap;
  // and nothing of a model ever leaves the tab (no "share to cloud").
  modeBarButtonsToRemove: ['toImage', 'sendChartToCloud', 'select2d', 'lasso2d', 'autoScale2d', 'hoverClosestCartesian', 'hoverCompareCartesian', 'toggleSpikelines'],
};

/** Rows of a row-major grid as views into it (no copy): plotly takes z as an array of rows. */
export function rowsOf(values: Float32Array, rows: number, cols: number): Float32Array[] {
  const out = new Array<Float32Array>(rows);
  for (let r = 0; r < rows; r++) out[r] = values.subarray(r * cols, (r + 1) * cols);
  return out;
}
