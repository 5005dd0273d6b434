interface Props {
  filters: number;
  outName: string;
  filter?: number;
  rgb: boolean;
  rgbAvailable: boolean;
  onFilter(f: number | undefined): void;
  onRgb(on: boolean): void;
}

/** Kernels: every filter, or one output filter across its input channels; colour images for RGB input. */
export function KernelControls({ filters, outName, filter, rgb, rgbAvailable, onFilter, onRgb }: Props) {
  return (
    <span className="ctl-group" data-testid="kernel-controls">
      {filters > 0 && !rgb && (
        <label className="ctl">
          <span className="ctl-label">Show</span>
          <select className="select-sm" data-testid="kernel-filter" value={filter === undefined ? 'all' : String(filter)}
            onChange={(e) => onFilter(e.target.value === 'all' ? undefined : Number(e.target.value))}>
            <option value="all">all {filters} filters</option>
            {Array.from({ length: Math.min(filters, 4096) }, (_, i) => <option key={i} value={i}>{outName} {i} only</option>)}
          </select>
        </label>
      )}
      {rgbAvailable && (
        <label className="ctl check" title="input channels 0, 1, 2 as red, green, blue; each kernel scaled to [0, 1]">
          <input type="checkbox" data-testid="kernel-rgb" checked={rgb} onChange={(e) => onRgb(e.target.checked)} />
          <span>as colour images</span>
        </label>
      )}
    </span>
  );
}
