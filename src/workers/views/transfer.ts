import type { ViewResult } from '../viewTypes';

/** The buffers of a view that can move to the main thread instead of being copied (all are fresh arrays). */
export function transferablesOf(v: ViewResult): ArrayBuffer[] {
  switch (v.kind) {
    case 'grid': case 'kernels': return [v.grid.values.buffer as ArrayBuffer];
    case 'vector': return [v.values.buffer as ArrayBuffer];
    case 'rgb': return [v.rgba.buffer as ArrayBuffer];
    case 'histogram': return [v.edges.buffer as ArrayBuffer, v.counts.buffer as ArrayBuffer];
  }
}
