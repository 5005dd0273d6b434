/// <reference lib="webworker" />
/**
 * Run worker: opens a slot's file a second time (metadata only, so this is fast) and runs it with
 * tfjs. It is separate from the model workers so that tfjs (~250 kB gz, plus its wasm) loads only
 * when the user runs something, and so that a long inference never blocks tensor browsing.
 */
import * as Comlink from 'comlink';
import './tfjsWasm';
import { openModel } from '../core/formats/registry';
import { blobSource } from '../core/io/byteSource';
import {
  CannotRunError, compareModels, imageSizeFor, prepareModel, randomSample, runModel, sampleFromNpy, sampleFromPixels, sampleFromRefJson, selectBackend,
  type BackendName, type RunnableModel, type Sample,
} from '../core/runtime';
import { IMAGE_FILE, OUTPUT_LIMIT, type CompareReply, type ModelRef, type PhaseFn, type Prepared, type RunReply, type RunWorkerApi, type SampleRequest } from '../app/run/runApi';

/** Prepared models by slot key: a slot's file is parsed once, however often it is run. */
const models = new Map<string, Promise<RunnableModel>>();

function modelOf(m: ModelRef): Promise<RunnableModel> {
  let p = models.get(m.key);
  if (!p) {
    const source = blobSource(m.file, m.file.name);
    p = openModel(source).then((doc) => prepareModel(doc, { source }));
    // Keep only the current file of each slot (keys are `${slot}:${openId}`).
    const slot = m.key.split(':')[0];
    for (const k of models.keys()) if (k.split(':')[0] === slot) models.delete(k);
    models.set(m.key, p);
  }
  return p;
}

/** An image file resized to the model's input (the browser decodes it), then scaled to [0, 1]. */
async function imageSample(bytes: Uint8Array, name: string, model: RunnableModel): Promise<Sample> {
  const { width, height } = imageSizeFor(model.input);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as BlobPart]), { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
  } catch {
    throw new Error(`${name}: the browser cannot decode this image`);
  }
  const ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('this browser has no 2-d canvas in workers, so images cannot be used as input');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return sampleFromPixels(ctx.getImageData(0, 0, width, height).data, width, height, model.input, name);
}

async function sampleOf(req: SampleRequest, model: RunnableModel): Promise<Sample> {
  if (req.kind === 'random') return randomSample(model.input, { seed: req.seed, distribution: req.distribution });
  if (/\.npy$/i.test(req.name)) return sampleFromNpy(req.bytes, model.input.layout, req.name);
  if (IMAGE_FILE.test(req.name)) return imageSample(req.bytes, req.name, model);
  return sampleFromRefJson(JSON.parse(new TextDecoder().decode(req.bytes)), req.name);
}

/** The page's callback is a comlink proxy: a page that went away must not fail the run. */
function told(fn: PhaseFn | undefined): PhaseFn {
  return (what) => { if (fn) Promise.resolve(fn(what)).catch(() => undefined); };
}

/** Errors cross the worker boundary as plain messages; "cannot run: …" stays as the core wrote it. */
function plain(err: unknown): Error {
  if (err instanceof CannotRunError) return new Error(err.message);
  return new Error(err instanceof Error ? err.message : String(err));
}

const api: RunWorkerApi = {
  async prepare(m): Promise<Prepared> {
    try {
      const model = await modelOf(m);
      return { ok: true, name: model.name, framework: model.framework, input: model.input, layers: model.layers.length, warnings: model.warnings };
    } catch (err) {
      return { ok: false, reason: plain(err).message };
    }
  },

  async run(m, backend: BackendName, req, onPhase): Promise<RunReply> {
    try {
      const phase = told(onPhase);
      phase(models.has(m.key) ? 'preparing the input' : 'reading the model');
      const model = await modelOf(m);
      const sample = await sampleOf(req, model);
      phase(`starting the ${backend} backend`);
      const choice = await selectBackend(backend);
      phase(`running on ${choice.actual}`);
      const r = await runModel(model, sample, { backend });
      return {
        requested: backend, backend: r.backend, fellBack: r.backend !== backend || choice.fellBack,
        values: Array.from(r.output.subarray(0, OUTPUT_LIMIT)), total: r.output.length,
        shape: r.shape, layout: r.layout, inputShape: sample.shape, inputOrigin: sample.origin, ms: r.ms, setupMs: r.setupMs,
      };
    } catch (err) {
      throw plain(err);
    }
  },

  async compare(ma, mb, backend, req, tolerance, onPhase): Promise<CompareReply> {
    try {
      const phase = told(onPhase);
      phase(models.has(ma.key) && models.has(mb.key) ? 'preparing the input' : 'reading the models');
      const [a, b] = await Promise.all([modelOf(ma), modelOf(mb)]);
      phase(`starting the ${backend} backend`);
      const choice = await selectBackend(backend);
      phase(`running both models on ${choice.actual}, layer by layer`);
      // A file input feeds both models (each session converts it to its own layout); random is drawn by the core.
      const c = await compareModels(a, b, {
        backend, tolerance, layers: true,
        ...(req.kind === 'random' ? { seed: req.seed, distribution: req.distribution } : { sample: await sampleOf(req, a) }),
      });
      const o = c.output;
      const actual = c.a.backend;
      return {
        requested: backend, backend: actual, fellBack: actual !== backend || choice.fellBack,
        verdict: o.verdict, tolerance: o.tolerance, maxAbs: o.maxAbs, meanAbs: o.meanAbs, relative: o.relative, argmax: o.argmax, note: o.note,
        inputShape: c.sample.shape, inputOrigin: c.sample.origin, msA: c.a.ms, msB: c.b.ms,
        rows: (c.layers?.rows ?? []).map((r) => ({ a: r.a, b: r.b, maxAbs: r.maxAbs, relative: r.relative, ok: r.ok, note: r.note })),
        mode: c.layers?.mode, firstDivergent: c.layers?.firstDivergent, biggestJump: c.layers?.biggestJump, notes: c.notes,
      };
    } catch (err) {
      throw plain(err);
    }
  },
};

Comlink.expose(api);
