import type { Reduce, ViewResult } from '../../../workers/viewTypes';
import { formatInt, formatShape } from '../../lib/format';

const REDUCE_TEXT: Record<Reduce, string> = { maxabs: 'max |value|', mean: 'mean' };
const dims = (r: number, c: number): string => `${formatInt(r)}×${formatInt(c)}`;
const range = (a: number, b: number): string => (b - a <= 1 ? formatInt(a) : `${formatInt(a)}–${formatInt(b - 1)}`);

/** What the plot shows of the tensor, said plainly: full resolution, or how it was reduced. */
export function describeView(v: ViewResult, reduce: Reduce): { text: string; downsampled: boolean } {
  switch (v.kind) {
    case 'histogram':
      return { text: `all ${formatInt(v.stats.numel)} values in ${v.counts.length} bins${v.stats.nans + v.stats.infs ? ` (NaN and ±Inf not binned)` : ''}`, downsampled: false };
    case 'rgb':
      return { text: `${v.filters} filters as colour images: input channels 0, 1, 2 as R, G, B, each kernel scaled to [0, 1]`, downsampled: false };
    case 'vector': {
      const part = v.area.c1 - v.area.c0 < v.length ? `${v.axisNames[0]} ${range(v.area.c0, v.area.c1)} of ${formatInt(v.length)}` : `${formatInt(v.length)} values`;
      return v.block > 1
        ? { text: `${part} shown as ${formatInt(v.values.length)} points, block ${formatInt(v.block)}, ${REDUCE_TEXT[reduce]}`, downsampled: true }
        : { text: `${part} at full resolution`, downsampled: false };
    }
    case 'grid': case 'kernels': {
      const g = v.grid;
      const zoomed = g.area.r1 - g.area.r0 < g.extentRows || g.area.c1 - g.area.c0 < g.extentCols;
      const what = v.kind === 'kernels'
        ? (zoomed ? `${kernelCount(v)} of the ${formatShape(v.shape)} kernels` : `${formatShape(v.shape)} kernels`)
        : `${zoomed ? `rows ${range(g.area.r0, g.area.r1)}, cols ${range(g.area.c0, g.area.c1)} of ` : ''}${dims(g.extentRows, g.extentCols)}${planeOf(v)}`;
      if (v.kind === 'kernels' && v.tiles.perKernel) {
        const block = g.blockRows * g.blockCols > 1 ? `, blocks of ${dims(g.blockRows, g.blockCols)} kernels` : '';
        return { text: `${what} shown as ${dims(g.rows, g.cols)}: one cell per kernel${block}, ${REDUCE_TEXT[reduce]} — zoom in to see the tiles`, downsampled: true };
      }
      if (g.blockRows > 1 || g.blockCols > 1) {
        return { text: `${what} shown as ${dims(g.rows, g.cols)}, block ${dims(g.blockRows, g.blockCols)}, ${REDUCE_TEXT[reduce]} — zoom in for full resolution`, downsampled: true };
      }
      return { text: `${what} at full resolution${zoomed ? ' · double-click to zoom out' : ''}`, downsampled: false };
    }
  }
}

/** For a slice of an N-D tensor: which plane it is (" plane at O 2, H 4"). */
function planeOf(v: Extract<ViewResult, { kind: 'grid' }>): string {
  const fixed = v.fixed.map((k, d) => (d === v.rowAxis || d === v.colAxis ? '' : `${v.axisNames[d]} ${k}`)).filter(Boolean);
  return fixed.length ? ` plane at ${fixed.join(', ')}` : '';
}

function kernelCount(v: Extract<ViewResult, { kind: 'kernels' }>): string {
  const t = v.tiles, g = v.grid;
  const rows = Math.round((g.area.r1 - g.area.r0 + t.gap) / (t.tileH + t.gap));
  const cols = Math.round((g.area.c1 - g.area.c0 + t.gap) / (t.tileW + t.gap));
  return t.filter ? `${formatInt(Math.min(t.filter.count, rows * cols))}` : dims(rows, cols);
}

export function ViewStatus({ view, reduce, loading }: { view?: ViewResult; reduce: Reduce; loading: boolean }) {
  const d = view ? describeView(view, reduce) : null;
  return (
    <p className="view-status" data-testid="view-status" data-downsampled={d ? String(d.downsampled) : undefined} aria-live="polite">
      {loading && <span className="spinner sm" aria-hidden="true" />}
      <span>{d?.text ?? 'computing…'}</span>
    </p>
  );
}
