/** bench/results.json: one entry per benchmark name, merged with what other benchmarks wrote. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Result {
  value: number;
  unit: string;
  /** the budget, and which way is better; none for numbers that are only reported */
  target?: number;
  better?: 'lower' | 'higher';
  samples?: number[];
  note?: string;
}

export function meets(r: Result): boolean | undefined {
  if (r.target === undefined) return undefined;
  return r.better === 'higher' ? r.value >= r.target : r.value <= r.target;
}

const round = (x: number): number => (Number.isFinite(x) ? Math.round(x * 100) / 100 : x);

export function mergeResults(path: string, results: Record<string, Result>, meta: Record<string, unknown>): void {
  let all: Record<string, unknown> = {};
  if (existsSync(path)) {
    try { all = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>; } catch { all = {}; }
  }
  const at = new Date().toISOString();
  for (const [name, r] of Object.entries(results)) {
    all[name] = { ...r, value: round(r.value), samples: r.samples?.map(round), meetsTarget: meets(r), measuredAt: at, ...meta };
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(all, null, 2)}\n`);
}

function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** metric · value · unit · budget · ✓/✗ · note */
export function table(results: Record<string, Result>): string {
  const rows = Object.entries(results).map(([name, r]) => {
    const ok = meets(r);
    return [
      name, formatValue(r.value), r.unit,
      r.target === undefined ? '—' : `${r.better === 'higher' ? '≥' : '≤'} ${r.target}`,
      ok === undefined ? '' : ok ? '✓' : '✗',
      r.note ?? '',
    ];
  });
  const head = ['metric', 'value', 'unit', 'budget', '✓/✗', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const right = new Set([1]);
  const line = (cells: string[]): string => cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const median = (xs: number[]): number => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
