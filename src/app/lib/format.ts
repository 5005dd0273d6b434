/** Display formatting shared by the components. Numbers are en-US so tests and users read the same text. */

export function formatInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : String(n);
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  let v = n, u = 0;
  while (v >= 1024 && u < UNITS.length - 1) { v /= 1024; u++; }
  return u === 0 ? `${n} B` : `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)} ${UNITS[u]}`;
}

/** Compact human count: 61,706 → "61.7K", 11,689,512 → "11.7M". */
export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'K']];
  for (const [d, s] of units) if (n >= d) { const v = n / d; return `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)}${s}`; }
  return String(n);
}

/** 6×1×5×5; a scalar is "scalar". */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join('×');
}

/** Significant digits of the statistics shown in the tensor panel. */
export const STAT_DIGITS = 5;

/** A statistic or value: `digits` significant digits, exponent form for very small/large magnitudes. */
export function formatNumber(v: number, digits = 6): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '−Inf';
  if (v === 0) return '0';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e7) return v.toExponential(Math.max(1, digits - 2)).replace('e-', 'e−');
  return String(Number(v.toPrecision(digits)));
}

export function formatPercent(part: number, whole: number): string {
  if (!whole) return '—';
  const p = (100 * part) / whole;
  return `${p === 0 || p === 100 ? p.toFixed(0) : p < 0.01 ? '<0.01' : p.toFixed(2)}%`;
}

/**
 * A compact one-line rendering of any metadata/config value: nested objects and arrays
 * are shown as `{a: 1, b: [3, 3]}` and cut at `max` characters.
 */
export function compactValue(v: unknown, max = 120): string {
  const s = compact(v, 0);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function compact(v: unknown, depth: number): string {
  if (v === null) return 'None';
  if (v === undefined) return '—';
  if (typeof v === 'string') return depth === 0 ? v : JSON.stringify(v);
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (ArrayBuffer.isView(v)) return `<${(v as Uint8Array).length} values>`;
  if (depth > 4) return '…';
  if (Array.isArray(v)) {
    if (v.length > 16) return `[${v.slice(0, 16).map((x) => compact(x, depth + 1)).join(', ')}, … ${v.length} items]`;
    return `[${v.map((x) => compact(x, depth + 1)).join(', ')}]`;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    return `{${entries.map(([k, x]) => `${k}: ${compact(x, depth + 1)}`).join(', ')}}`;
  }
  return String(v);
}

/** Pretty multi-line form for a tooltip/expanded view (bigint-safe JSON). */
export function prettyValue(v: unknown, max = 20_000): string {
  let s: string;
  try {
    s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : ArrayBuffer.isView(x) ? Array.from(x as Uint8Array) : x), 2) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > max ? `${s.slice(0, max)}\n…` : s;
}
