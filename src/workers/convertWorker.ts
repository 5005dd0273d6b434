/// <reference lib="webworker" />
/**
 * Convert worker: opens the slots' files again (metadata only), writes the conversion part by part
 * to the browser's own storage, then checks it by running both models (tfjs, as the Run view
 * does). Cancel terminates this worker; the page starts another for the next job.
 */
import * as Comlink from 'comlink';
import './tfjsWasm';
import {
  automaticMapping, convertInto, convertStandalone, savedMapping, suggestedName, verifyConversion,
  type Conversion, type ConversionMapping, type OpenedFile, type Verdict,
} from '../core/convert';
import { releaseKerasModel } from '../core/formats/keras';
import { openModel } from '../core/formats/registry';
import { blobSource } from '../core/io/byteSource';
import { describeProblem, frameworkOf, pairTitle, type Mapping } from '../core/mapping';
import type { ConvertJob, ConvertReply, ConvertStep, ConvertWorkerApi, MappingSummary, PlainVerdict } from '../app/convert/convertApi';
import { discardOutput, openSink } from './outputSink';

async function open(file: File): Promise<OpenedFile> {
  const src = blobSource(file, file.name);
  return { doc: await openModel(src), src };
}

function summary(m: Mapping, origin: MappingSummary['origin']): MappingSummary {
  const problems = [
    ...m.pairs.filter((p) => p.status === 'incompatible').map((p) => `${pairTitle(p)}: ${p.problems.filter((x) => x.severity === 'error').map(describeProblem).join('; ') || 'incompatible'}`),
    ...[...m.unmappedA, ...m.unmappedB].map((u) => `${u.path || '(root)'} (${u.kind}) is not mapped: ${u.why}`),
  ];
  return { status: m.status, pairs: m.pairs.length, incompatible: m.counts.incompatible, problems, origin };
}

function plainVerdict(v: Verdict): PlainVerdict {
  const c = v.comparison;
  return {
    ok: v.ok, method: v.method, tolerance: v.tolerance, summary: v.summary,
    ...(v.maxAbs !== undefined ? { maxAbs: v.maxAbs } : {}),
    ...(v.reason ? { reason: v.reason } : {}),
    ...(c ? { backend: c.a.backend, sampleShape: c.sample.shape, ...(c.output.argmax ? { argmax: c.output.argmax } : {}) } : {}),
    ...(v.tensors ? { exact: v.tensors.exact, compared: v.tensors.compared } : {}),
  };
}

async function write(job: ConvertJob, c: Conversion, fileName: string, onStep: (s: ConvertStep) => void): Promise<{ blob: Blob; bytes: number }> {
  const sink = await openSink(job.session, job.id, fileName);
  let bytes = 0, last = 0;
  try {
    for await (const part of c.parts) {
      await sink.write(part);
      bytes += part.length;
      // A message per ~1% is plenty for a progress bar and keeps the page's queue short.
      if (!c.size || bytes - last >= c.size / 100) {
        last = bytes;
        onStep({ stage: 'writing', bytes, ...(c.size ? { fraction: Math.min(1, bytes / c.size) } : {}) });
      }
    }
    return { blob: await sink.finish(), bytes };
  } catch (err) {
    await sink.abort();
    throw err;
  }
}

async function convert(job: ConvertJob, onStep: (s: ConvertStep) => void): Promise<ConvertReply> {
  const opened: OpenedFile[] = [];
  try {
    onStep({ stage: 'reading the files' });
    const source = await open(job.source);
    opened.push(source);
    const target = job.target ? await open(job.target) : undefined;
    if (target) opened.push(target);
    let conversion: Conversion;
    let mapping: MappingSummary | undefined;
    const t0 = performance.now();
    if (target) {
      onStep({ stage: 'mapping the layers' });
      const m: ConversionMapping = job.mappingJson ? savedMapping(job.mappingJson, source.doc, target.doc) : automaticMapping(source.doc, target.doc);
      mapping = summary(m.mapping, job.mappingJson ? 'yours' : 'automatic');
      if (m.mapping.status === 'incompatible' && !job.force) return { kind: 'blocked', mapping };
      conversion = await convertInto(source.doc, target, m.mapping, { direction: m.direction, incompatible: job.force ? 'skip' : 'throw' });
    } else {
      conversion = convertStandalone(source.doc, job.format ?? 'safetensors');
    }
    // The download's name says what it is (lenet5-torch.h5), also when written into a target file.
    const fileName = suggestedName(source.doc.fileName, conversion.format, frameworkOf(source.doc));
    onStep({ stage: 'writing', bytes: 0, fraction: 0 });
    const out = await write(job, conversion, fileName, onStep);
    const convertMs = performance.now() - t0;

    onStep({ stage: 'checking: running both models on one sample' });
    const arch = job.architecture ? await open(job.architecture) : undefined;
    if (arch) opened.push(arch);
    const t1 = performance.now();
    const verdict = await verifyConversion(source.doc, blobSource(out.blob, fileName), {
      name: fileName, sourceSrc: source.src, architecture: arch, conversion,
      tolerance: job.tolerance, seed: job.seed, backend: job.backend,
    });
    return {
      kind: 'done', output: out.blob, fileName, format: conversion.format, bytes: out.bytes,
      convertMs, checkMs: performance.now() - t1, warnings: conversion.warnings, written: conversion.written.length,
      ...(mapping ? { mapping } : {}), verdict: plainVerdict(verdict),
    };
  } finally {
    for (const o of opened) releaseKerasModel(o.doc);
  }
}

/** Errors cross the worker boundary as plain messages. */
const plain = (err: unknown): Error => new Error(err instanceof Error ? err.message : String(err));

const api: ConvertWorkerApi = {
  async convert(job, onStep) {
    try {
      return await convert(job, onStep);
    } catch (err) {
      throw plain(err);
    }
  },
  discard: discardOutput,
};

Comlink.expose(api);
