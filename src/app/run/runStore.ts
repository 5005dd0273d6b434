/**
 * The Run view's store: the run settings, each slot's prepared model (or why it cannot run), the
 * last run of each slot and the last comparison. The work happens in the run worker (runClient);
 * every reply is dropped when its slot opened another file meanwhile.
 */
import * as Comlink from 'comlink';
import { create } from 'zustand';
import type { BackendName } from '../../core/runtime/types';
import type { Distribution } from '../../core/runtime/sample';
import { slotFile, useSlots } from '../store/slotsStore';
import type { SlotId } from '../store/types';
import { IMAGE_FILE, type CompareReply, type ModelRef, type Prepared, type RunReply, type SampleRequest } from './runApi';
import { RunCancelled, cancelRunWork, runCall } from './runClient';

export type Job<T> =
  | { state: 'idle' }
  | { state: 'busy'; what?: string; since?: number }
  | { state: 'done'; value: T }
  | { state: 'error'; message: string }
  | { state: 'cancelled' };

interface RunStore {
  backend: BackendName;
  seed: number;
  distribution: Distribution;
  /** a ref.json / .npy input; null = seeded random sample */
  input: { name: string; bytes: Uint8Array } | null;
  inputError: string | null;
  tolerance: number;
  prepared: Record<SlotId, { key: string | null; job: Job<Prepared> }>;
  runs: Record<SlotId, { key: string | null; job: Job<RunReply> }>;
  comparison: { key: string | null; job: Job<CompareReply> };
  set(patch: Partial<Pick<RunStore, 'backend' | 'seed' | 'distribution' | 'tolerance'>>): void;
  setInputFile(file: File | null): void;
  /** Prepares the slot's current model unless it already is (called when the view shows). */
  prepare(slot: SlotId): void;
  run(slot: SlotId): void;
  compare(): void;
  /** Stops every run and comparison in progress (they show "cancelled"); models are prepared again as needed. */
  cancel(): void;
}

/** The slot's current document as `${slot}:${openId}`, null when nothing is loaded. */
export function slotKey(slot: SlotId): string | null {
  const s = useSlots.getState().slots[slot];
  return s.status === 'loaded' ? `${slot}:${s.openId}` : null;
}

function refOf(slot: SlotId): ModelRef | null {
  const key = slotKey(slot);
  const file = slotFile(slot);
  return key && file ? { key, file } : null;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
/** A failed job, or a cancelled one when the user stopped it. */
const failed = <T>(err: unknown): Job<T> => (err instanceof RunCancelled ? { state: 'cancelled' } : { state: 'error', message: message(err) });
const idle = { state: 'idle' } as const;

export const useRun = create<RunStore>()((set, get) => {
  const sampleRequest = (): SampleRequest => {
    const { input, seed, distribution } = get();
    return input ? { kind: 'file', name: input.name, bytes: input.bytes } : { kind: 'random', seed, distribution };
  };

  return {
    backend: 'wasm',
    seed: 0,
    distribution: 'uniform',
    input: null,
    inputError: null,
    tolerance: 1e-5,
    prepared: { left: { key: null, job: idle }, right: { key: null, job: idle } },
    runs: { left: { key: null, job: idle }, right: { key: null, job: idle } },
    comparison: { key: null, job: idle },

    set(patch) { set(patch); },

    setInputFile(file) {
      if (!file) { set({ input: null, inputError: null }); return; }
      if (!/\.(json|npy)$/i.test(file.name) && !IMAGE_FILE.test(file.name)) { set({ inputError: `${file.name}: expected a ref.json, a .npy or an image (PNG, JPEG, WebP)` }); return; }
      file.arrayBuffer().then(
        (buf) => set({ input: { name: file.name, bytes: new Uint8Array(buf) }, inputError: null }),
        (err: unknown) => set({ inputError: `${file.name}: ${message(err)}` }),
      );
    },

    prepare(slot) {
      const ref = refOf(slot);
      const cur = get().prepared[slot];
      if (cur.key === (ref?.key ?? null) && cur.job.state !== 'idle') return;
      const put = (job: Job<Prepared>): void => set((s) => ({ prepared: { ...s.prepared, [slot]: { key: ref?.key ?? null, job } } }));
      if (!ref) { put(idle); return; }
      put({ state: 'busy' });
      runCall<Prepared>((r) => r.prepare(ref) as Promise<Prepared>).then(
        (value) => { if (slotKey(slot) === ref.key) put({ state: 'done', value }); },
        (err: unknown) => { if (slotKey(slot) === ref.key && !(err instanceof RunCancelled)) put({ state: 'error', message: message(err) }); },
      );
    },

    run(slot) {
      const ref = refOf(slot);
      if (!ref) return;
      const put = (job: Job<RunReply>): void => set((s) => ({ runs: { ...s.runs, [slot]: { key: ref.key, job } } }));
      const since = Date.now();
      put({ state: 'busy', since });
      const phase = Comlink.proxy((what: string) => {
        const cur = get().runs[slot];
        if (cur.key === ref.key && cur.job.state === 'busy' && cur.job.since === since) put({ state: 'busy', since, what });
      });
      runCall((r) => r.run(ref, get().backend, sampleRequest(), phase)).then(
        (value) => { if (slotKey(slot) === ref.key) put({ state: 'done', value }); },
        (err: unknown) => { if (slotKey(slot) === ref.key) put(failed(err)); },
      );
    },

    compare() {
      const a = refOf('left');
      const b = refOf('right');
      if (!a || !b) return;
      const key = `${a.key}|${b.key}`;
      const put = (job: Job<CompareReply>): void => set({ comparison: { key, job } });
      const current = (): boolean => `${slotKey('left')}|${slotKey('right')}` === key;
      const since = Date.now();
      put({ state: 'busy', since });
      const phase = Comlink.proxy((what: string) => {
        const cur = get().comparison;
        if (cur.key === key && cur.job.state === 'busy' && cur.job.since === since) put({ state: 'busy', since, what });
      });
      const { backend, tolerance } = get();
      runCall((r) => r.compare(a, b, backend, sampleRequest(), tolerance, phase)).then(
        (value) => { if (current()) put({ state: 'done', value }); },
        (err: unknown) => { if (current()) put(failed(err)); },
      );
    },

    cancel() {
      const { prepared } = get();
      cancelRunWork();
      // Preparations caught by the cancel start again in the next worker.
      for (const slot of ['left', 'right'] as const) {
        if (prepared[slot].job.state !== 'busy') continue;
        set((s) => ({ prepared: { ...s.prepared, [slot]: { key: null, job: idle } } }));
        get().prepare(slot);
      }
    },
  };
});
