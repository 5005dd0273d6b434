/** Reading what plotly drew, and pointing at one cell of it, for the view tests. */
import { expect, type Locator, type Page } from '@playwright/test';
import { openModel } from '../src/core/formats/registry';
import { fileSource } from '../src/core/io/nodeSource';
import { toNumbers } from '../src/core/model/dtype';

export interface DrawnTrace {
  type: string;
  /** heatmap z as rows (NaN as null); empty for other traces */
  z: (number | null)[][];
  x0: number; dx: number; y0: number; dy: number;
  x: number[];
  y: number[];
}

/** The first trace of the slot's plot, as plain arrays. */
export async function drawnTrace(s: Locator): Promise<DrawnTrace> {
  return s.getByTestId('plot-area').evaluate((el) => {
    const t = (el as unknown as { data: Record<string, unknown>[] }).data[0];
    const rows = (t.z as ArrayLike<ArrayLike<number>> | undefined) ?? [];
    const z = Array.from(rows, (r) => Array.from(r, (v) => (typeof v === 'number' && Number.isNaN(v) ? null : v)));
    const arr = (a: unknown): number[] => (a ? Array.from(a as ArrayLike<number>) : []);
    return {
      type: String(t.type), z, x: arr(t.x), y: arr(t.y),
      x0: Number(t.x0 ?? 0), dx: Number(t.dx ?? 1), y0: Number(t.y0 ?? 0), dy: Number(t.dy ?? 1),
    };
  });
}

/** Waits until the plot has drawn a view of the selected tensor in this mode, and nothing is computing. */
export async function expectDrawn(s: Locator, mode: string): Promise<void> {
  await expect(s.getByTestId('tensor-view')).toHaveAttribute('data-mode', mode);
  const name = (await s.getByTestId('tensor-name').textContent()) ?? '';
  await expect(s.getByTestId('tensor-view')).toHaveAttribute('data-drawn-tensor', name, { timeout: 30_000 });
  await expect(s.getByTestId('plot')).toHaveAttribute('data-state', 'drawn', { timeout: 30_000 });
  await expect(s.getByTestId('plot')).toHaveAttribute('data-busy', 'false', { timeout: 30_000 });
}

/** Moves the mouse onto the centre of the cell at plot coordinates (x, y). */
export async function hoverAt(page: Page, s: Locator, x: number, y: number): Promise<void> {
  const pos = await s.getByTestId('plot-area').evaluate((el, [px, py]) => {
    type Ax = { l2p(v: number): number; _offset: number };
    const fl = (el as unknown as { _fullLayout: { xaxis: Ax; yaxis: Ax } })._fullLayout;
    const box = el.getBoundingClientRect();
    return { x: box.left + fl.xaxis._offset + fl.xaxis.l2p(px), y: box.top + fl.yaxis._offset + fl.yaxis.l2p(py) };
  }, [x, y] as const);
  await page.mouse.move(pos.x - 6, pos.y - 6);
  await page.mouse.move(pos.x, pos.y, { steps: 3 });
}

/** A tensor's numbers and shape, read in Node by the project's core (what the worker reads). */
export async function tensorInNode(path: string, name: string): Promise<{ values: Float64Array; shape: number[] }> {
  const src = await fileSource(path);
  try {
    const doc = await openModel(src);
    const t = doc.tensors.find((x) => x.name === name);
    if (!t) throw new Error(`${path} has no tensor ${name}`);
    return { values: Float64Array.from(toNumbers(t.dtype, await t.read())), shape: t.shape };
  } finally {
    await src.close();
  }
}

/** Row-major offset of an index. */
export function offsetOf(shape: number[], index: number[]): number {
  return index.reduce((acc, k, d) => acc * shape[d] + k, 0);
}
