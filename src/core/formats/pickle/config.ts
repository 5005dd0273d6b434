import { BUILTIN_BUILDERS, BUILTIN_STATE_SETTERS } from './builtins';
import type { Builder, PickleLimits, StateSetter } from './values';

/** Defaults for `options.limits`: generous for real checkpoints, finite for hostile files. */
export const DEFAULT_LIMITS: Readonly<PickleLimits> = Object.freeze({
  maxStackDepth: 1_000_000,
  maxMarkDepth: 10_000,
  maxMemo: 10_000_000,
  maxContainerItems: 100_000_000,
  maxStringBytes: 2 ** 31,
  maxOps: 500_000_000,
});

export function mergeLimits(given: Partial<PickleLimits> | undefined): PickleLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const k of Object.keys(out) as (keyof PickleLimits)[]) {
    const v = given?.[k];
    if (typeof v === 'number' && !Number.isNaN(v)) out[k] = v;
  }
  return out;
}

export interface Entry<F> { fn: F; foreign: boolean }

export function table<F>(ours: Readonly<Record<string, F>>, theirs: Record<string, F> | undefined): Map<string, Entry<F>> {
  const m = new Map<string, Entry<F>>();
  for (const [k, fn] of Object.entries(ours)) m.set(k, { fn, foreign: false });
  // Own enumerable entries only: nothing inherited from a prototype can become a builder.
  if (theirs) for (const [k, fn] of Object.entries(theirs)) if (typeof fn === 'function') m.set(k, { fn, foreign: true });
  return m;
}

export const OUR_BUILDERS = table<Builder>(BUILTIN_BUILDERS, undefined);
export const OUR_SETTERS = table<StateSetter>(BUILTIN_STATE_SETTERS, undefined);

