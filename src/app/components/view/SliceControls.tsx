import { formatInt } from '../../lib/format';

interface Props {
  shape: number[];
  names: string[];
  axes: [number, number];
  fixed: number[];
  onAxes(a: [number, number]): void;
  onFixed(axis: number, index: number): void;
}

/** N-D tensors: which two axes form the plane, and a slider for each of the others. */
export function SliceControls({ shape, names, axes, fixed, onAxes, onFixed }: Props) {
  const pick = (which: 0 | 1, axis: number): void => {
    const next: [number, number] = [...axes];
    next[which] = axis;
    // Choosing the other select's axis swaps the two, so the plane is always two distinct axes.
    if (next[0] === next[1]) next[1 - which] = axes[which];
    onAxes(next);
  };
  const label = (d: number): string => `${names[d]} (${shape[d]})`;
  return (
    <div className="slice-controls" data-testid="slice-controls">
      <label className="ctl">
        <span className="ctl-label">Rows</span>
        <select className="select-sm" data-testid="slice-rows" value={axes[0]} onChange={(e) => pick(0, Number(e.target.value))}>
          {shape.map((_, d) => <option key={d} value={d}>{label(d)}</option>)}
        </select>
      </label>
      <label className="ctl">
        <span className="ctl-label">Cols</span>
        <select className="select-sm" data-testid="slice-cols" value={axes[1]} onChange={(e) => pick(1, Number(e.target.value))}>
          {shape.map((_, d) => <option key={d} value={d}>{label(d)}</option>)}
        </select>
      </label>
      {shape.map((n, d) => (d === axes[0] || d === axes[1] ? null : (
        <label key={d} className="ctl slider" data-testid="slice-slider" data-axis={d}>
          <span className="ctl-label mono">{names[d]}</span>
          <input type="range" min={0} max={n - 1} step={1} value={fixed[d] ?? 0} disabled={n <= 1}
            data-testid={`slice-index-${d}`} onChange={(e) => onFixed(d, Number(e.target.value))} />
          <span className="mono slider-value" data-testid={`slice-value-${d}`}>{formatInt(fixed[d] ?? 0)}<span className="muted">/{formatInt(n - 1)}</span></span>
        </label>
      )))}
    </div>
  );
}
