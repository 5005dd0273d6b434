import type { Readout } from '../../viz/readout';

export interface Hover { readout: Readout; x: number; y: number; width: number }

/** The value under the pointer, beside the pointer (plotly's own label is off: it knows only plot coordinates). */
export function HoverTip({ hover }: { hover: Hover | null }) {
  if (!hover) return null;
  const { readout: r, x, y, width } = hover;
  const left = x > width - 220;
  return (
    <div className="hover-tip" data-testid="hover-readout" role="status"
      data-where={r.where} data-value={r.value === undefined ? undefined : String(r.value)} data-index={r.index ? JSON.stringify(r.index) : undefined}
      style={{ top: y + 14, ...(left ? { right: width - x + 12 } : { left: x + 12 }) }}>
      <span className="hover-where mono">{r.where}</span>
      <span className="hover-what mono">{r.what}</span>
    </div>
  );
}
