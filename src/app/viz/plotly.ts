/**
 * plotly.js (cartesian bundle, ~470 kB gzipped) is loaded on the first plot, never with the first
 * screen: a user who only reads the tree never downloads it.
 */
type PlotlyModule = typeof import('plotly.js-cartesian-dist-min');

let loading: Promise<PlotlyModule> | null = null;

export function loadPlotly(): Promise<PlotlyModule> {
  loading ??= import('plotly.js-cartesian-dist-min').then(
    // The bundle is UMD: depending on the bundler's interop the API is the module or its default.
    (m) => ((m as unknown as { default?: PlotlyModule }).default ?? m) as PlotlyModule,
    (err: unknown) => { loading = null; throw err; },
  );
  return loading;
}

export type { PlotlyModule };
