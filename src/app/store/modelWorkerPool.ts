/**
 * One spare model worker, started ahead of the open that will use it, so that opening does not wait for
 * a worker thread to start and its code to load. Once the session has opened an HDF5 file, spares
 * also load h5wasm ahead of time (~0.3–1 s of compiling on this class of machine), so the next
 * .h5/.keras opens in a worker that has it ready. Each open still gets a worker of its own: a file
 * that crashes or wedges its reader never affects the next one.
 */
import type { FormatId } from '../../core/model/types';
import type { WarmKind } from '../../workers/api';
import { createModelClient, type ModelClient } from '../../workers/client';

const HDF5_FORMATS: ReadonlySet<FormatId> = new Set(['keras-h5', 'keras-weights-h5', 'keras-zip', 'keras3-weights-h5']);

/**
 * `?spareWorker=0` turns the spare off: every open then starts its worker from the network, which
 * is what the tests that swap the worker's script for a crashing one need.
 */
const ENABLED = typeof location === 'undefined' || new URLSearchParams(location.search).get('spareWorker') !== '0';

let spare: ModelClient | null = null;
let refillQueued = false;
const used = new Set<WarmKind>();

/** A worker for the next open: the spare when it is there, a new one otherwise. */
export function takeModelClient(): ModelClient {
  const client = spare?.alive ? spare : createModelClient();
  spare = null;
  return client;
}

/** Notes what kind of file the session opened, so later spares load its library ahead of time. */
export function noteOpened(format: FormatId): void {
  if (!HDF5_FORMATS.has(format) || used.has('hdf5')) return;
  used.add('hdf5');
  spare?.warm(['hdf5']);
}

/** Starts the next spare once the page has nothing else to do (after an open). */
export function refillSpare(): void {
  if (!ENABLED || refillQueued || typeof Worker === 'undefined') return;
  refillQueued = true;
  whenIdle(() => {
    refillQueued = false;
    startSpare();
  });
}

/**
 * Starts a spare now, if none is there: called at the first sign that a file is coming (a drag over
 * the page, a pointer or key press), so the first screen itself never loads the worker's code.
 */
export function startSpare(): void {
  if (!ENABLED || spare?.alive || typeof Worker === 'undefined') return;
  spare = createModelClient();
  if (used.size) spare.warm([...used]);
}

function whenIdle(run: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 1000 });
  else setTimeout(run, 50);
}
