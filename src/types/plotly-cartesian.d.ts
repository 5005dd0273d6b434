/**
 * The part of plotly.js we use, for the cartesian dist bundle (which ships no types). Data and
 * layout stay loosely typed objects: the figures are built in src/app/viz and checked by the e2e tests.
 */
declare module 'plotly.js-cartesian-dist-min' {
  export type PlotData = Record<string, unknown>;
  export type PlotLayout = Record<string, unknown>;
  export type PlotConfig = Record<string, unknown>;

  export interface PlotHoverPoint {
    x: number;
    y: number;
    z?: unknown;
    pointNumber: number | [number, number];
    curveNumber: number;
    color?: unknown;
  }
  export interface PlotHoverEvent { points: PlotHoverPoint[]; event: MouseEvent }
  export type PlotRelayoutEvent = Record<string, unknown>;

  /** The graph div once plotly has drawn into it. */
  export interface PlotlyHTMLElement extends HTMLDivElement {
    data: PlotData[];
    layout: PlotLayout;
    on(event: 'plotly_hover', cb: (e: PlotHoverEvent) => void): void;
    on(event: 'plotly_unhover', cb: () => void): void;
    on(event: 'plotly_relayout', cb: (e: PlotRelayoutEvent) => void): void;
    on(event: 'plotly_afterplot', cb: () => void): void;
    removeAllListeners(event: string): void;
  }

  export interface ImageOptions { format: 'png' | 'svg' | 'jpeg' | 'webp'; width?: number; height?: number; filename?: string; scale?: number }

  export function react(root: HTMLElement, data: PlotData[], layout?: PlotLayout, config?: PlotConfig): Promise<PlotlyHTMLElement>;
  export function purge(root: HTMLElement): void;
  export function toImage(root: HTMLElement, opts: ImageOptions): Promise<string>;
  export function downloadImage(root: HTMLElement, opts: ImageOptions): Promise<string>;
  export const Plots: { resize(root: HTMLElement): Promise<void> };
}
