/**
 * Names of the layers feeding a layer, from its `inbound_nodes`. Three shapes exist:
 * - Keras 1: [[["input_1", 0, 0], …], …]            (one list per call of the layer)
 * - Keras 2: [[["conv2d", 0, 0, {kwargs}], …], …]
 * - Keras 3: [{"args": [...], "kwargs": {...}}, …] with tensors as
 *            {"class_name": "__keras_tensor__", "config": {"keras_history": ["conv2d", 0, 0]}}
 * A shared layer is called more than once: the names of every call are merged, in order.
 */
export function inboundLayerNames(inbound: unknown): string[] {
  const out = new Set<string>();
  collect(inbound, out, 0);
  return [...out];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isHistoryTuple(v: unknown[]): boolean {
  return typeof v[0] === 'string' && typeof v[1] === 'number' && typeof v[2] === 'number' && v.length <= 4;
}

function collect(v: unknown, out: Set<string>, depth: number): void {
  if (depth > 32) return; // configs are shallow; this only guards against pathological input
  if (Array.isArray(v)) {
    if (isHistoryTuple(v)) { out.add(v[0] as string); return; }
    for (const x of v) collect(x, out, depth + 1);
    return;
  }
  if (!isRecord(v)) return;
  if (v.class_name === '__keras_tensor__') {
    const history = isRecord(v.config) ? v.config.keras_history : undefined;
    if (Array.isArray(history) && typeof history[0] === 'string') out.add(history[0]);
    return;
  }
  if (v.class_name === '__tensor__') return; // a constant operand: no layer behind it
  for (const x of Object.values(v)) collect(x, out, depth + 1);
}
