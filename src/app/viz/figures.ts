/** The plotly figure for any view the worker returns. */
import type { ViewResult } from '../../workers/viewTypes';
import type { ColormapId } from './colormaps';
import type { Figure } from './figureBase';
import { heatmapFigure, kernelFigure } from './gridFigure';
import { histogramFigure, rgbFigure, vectorFigure } from './otherFigures';
import { plotSize } from './plotSize';

export interface FigureOptions { cmap: ColormapId; domain: [number, number] | null; logCount: boolean; width: number }

export function figureFor(v: ViewResult, o: FigureOptions, revision: string): Figure {
  const f = figureOf(v, o, revision);
  // Sizes are ours, not plotly's autosize: the container's width changes without a window resize.
  const size = plotSize(v, o.width);
  f.layout.width = size.width;
  f.layout.height = size.height;
  return f;
}

function figureOf(v: ViewResult, o: FigureOptions, revision: string): Figure {
  const color = { cmap: o.cmap, domain: o.domain ?? [-1, 1] as [number, number] };
  switch (v.kind) {
    case 'grid': return heatmapFigure(v, color, revision);
    case 'kernels': return kernelFigure(v, color, revision);
    case 'vector': return vectorFigure(v, revision);
    case 'histogram': return histogramFigure(v, o.logCount, revision);
    case 'rgb': return rgbFigure(v, revision);
  }
}

/** Cells the plot draws (for the benchmark's record). */
export function cellsOf(v: ViewResult): number {
  switch (v.kind) {
    case 'grid': case 'kernels': return v.grid.rows * v.grid.cols;
    case 'vector': return v.values.length;
    case 'histogram': return v.counts.length;
    case 'rgb': return v.width * v.height;
  }
}
