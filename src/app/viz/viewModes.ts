/** Which views a tensor has, from its rank and layout, and the one it opens with. */
import type { TensorInfo } from '../../core/model/types';
import { kernelAxes } from '../../workers/display';
import type { ViewMode } from '../../workers/viewTypes';

export type Tab = ViewMode;

export const TAB_LABELS: Record<Tab, string> = {
  kernels: 'Kernels', heatmap: 'Heatmap', slice: 'Slice', vector: 'Values', histogram: 'Histogram',
};

/** Tabs in the order shown; the first is the default. Empty for tensors without a plot. */
export function tabsFor(info: TensorInfo): Tab[] {
  const r = info.shape.length;
  if (r === 0 || info.numel === 0 || info.dtype === 'complex64' || info.dtype === 'complex128') return [];
  const tabs: Tab[] = [];
  if (r === 1) tabs.push('vector');
  if (r === 2) tabs.push('heatmap');
  if (kernelAxes(info.layout, r)) tabs.push('kernels');
  if (r >= 3) tabs.push('slice');
  tabs.push('histogram');
  return tabs;
}

/** First-layer kernels (3 input channels, 2-D) can also be shown as colour images. */
export function hasRgb(info: TensorInfo): boolean {
  const ax = kernelAxes(info.layout, info.shape.length);
  return !!ax && ax.hAxis >= 0 && ax.outAxis >= 0 && ax.inAxis >= 0 && info.shape[ax.inAxis] === 3;
}

/** How many output filters a kernel tensor has (for the one-filter choice), or 0. */
export function filterCount(info: TensorInfo): number {
  const ax = kernelAxes(info.layout, info.shape.length);
  return ax && ax.outAxis >= 0 && ax.inAxis >= 0 ? info.shape[ax.outAxis] : 0;
}

/** Whether the tensor can be larger than the plot in this mode (then the block reduction matters). */
export function mayDownsample(info: TensorInfo, mode: Tab, maxCells: number): boolean {
  if (mode === 'histogram') return false;
  if (mode === 'vector') return info.numel > maxCells;
  if (mode === 'kernels') {
    const ax = kernelAxes(info.layout, info.shape.length);
    if (!ax) return false;
    const th = ax.hAxis >= 0 ? info.shape[ax.hAxis] : 1, tw = info.shape[ax.wAxis];
    const a = info.shape[ax.rowAxis], b = info.shape[ax.colAxis];
    // Either layout puts the two channel axes on either side: check both ways round.
    return Math.max(a * (th + 1), b * (tw + 1), a * (tw + 1), b * (th + 1)) > maxCells;
  }
  return info.shape.some((n) => n > maxCells);
}
