import { useEffect, useRef, type MouseEvent } from 'react';
import type { CompareGrid } from '../../workers/mappingClient';
import { paint, type Scale } from './heatColors';

interface Props {
  grid: CompareGrid;
  scale: Scale;
  /** the colour range: ±max for diverging, 0…max for sequential */
  max: number;
  /** CSS pixels per cell */
  cell: number;
  testId: string;
  label: string;
  onHover(cell: { r: number; c: number } | null): void;
}

/** One reduced tensor plane, one canvas pixel per cell, scaled up without smoothing. */
export function HeatmapCanvas({ grid, scale, max, cell, testId, label, onHover }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx || !grid.rows || !grid.cols) return;
    ctx.putImageData(new ImageData(paint(grid.values, scale, max) as Uint8ClampedArray<ArrayBuffer>, grid.cols, grid.rows), 0, 0);
  }, [grid, scale, max]);
  const hover = (e: MouseEvent<HTMLCanvasElement>): void => {
    const box = e.currentTarget.getBoundingClientRect();
    const c = Math.floor(((e.clientX - box.left) / box.width) * grid.cols), r = Math.floor(((e.clientY - box.top) / box.height) * grid.rows);
    onHover(r >= 0 && c >= 0 && r < grid.rows && c < grid.cols ? { r, c } : null);
  };
  return (
    <canvas
      ref={ref}
      className="heat"
      width={grid.cols}
      height={grid.rows}
      style={{ width: Math.max(1, Math.round(grid.cols * cell)), height: Math.max(1, Math.round(grid.rows * cell)) }}
      data-testid={testId}
      aria-label={label}
      role="img"
      onMouseMove={hover}
      onMouseLeave={() => onHover(null)}
    />
  );
}
