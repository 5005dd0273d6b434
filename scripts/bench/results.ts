/** bench/results.json: one entry per benchmark name, merged with what other benchmarks wrote. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Result {
  value: number;
  unit: string;
  /** the goal, and which way is better */
  target: number;
  better: 'lower' | 'higher';
  samples?: number[];
  note?: string;
}

export function meets(r: Result): boolean {
  return r.better === 'lower' ? r.value <= r.target : r.value >= r.target;
}

export function mergeResults(path: string, results: Record<string, Result>, meta: Record<string, unknown>): void {
  let all: Record<string, unknown> = {};
  if (existsSync(path)) {
    try { all = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>; } catch { all = {}; }
  }
  const at = new Date().toISOString();
  const round = (x: number): number => Math.round(x * 100) / 100;
  for (const [name, r] of Object.entries(results)) {
    all[name] = { ...r, value: round(r.value), samples: r.samples?.map(round), meetsTarget: meets(r), measuredAt: at, ...meta };
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(all, null, 2)}\n`);
}

export function table(results: Record<string, Result>): string {
  const rows = Object.entries(results).map(([name, r]) => [
    name,
    `${r.value.toFixed(r.unit === 'GB/s' ? 2 : 0)} ${r.unit}`,
    `${r.better === 'lower' ? '≤' : '≥'} ${r.target} ${r.unit}`,
    meets(r) ? 'yes' : 'NO',
    r.note ?? '',
  ]);
  const head = ['benchmark', 'result', 'target', 'met', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
