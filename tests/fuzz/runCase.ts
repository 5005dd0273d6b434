import { releaseKerasModel } from '../../src/core/formats/keras';
import { unpickle } from '../../src/core/formats/pickle/unpickle';
import { openModel } from '../../src/core/formats/registry';
import { bytesSource } from '../../src/core/io/byteSource';
import { DTYPE_SIZE } from '../../src/core/model/dtype';
import { FormatError, ReadError } from '../../src/core/model/errors';
import { walk } from '../../src/core/model/tree';
import type { ModelDoc } from '../../src/core/model/types';
import { toView } from '../../src/core/model/view';

/**
 * Runs one fuzz case and checks THE RULE. A case passes when, within the time budget, either
 *
 * (a) openModel(bytesSource(bytes, name)) rejects with a ReadError that names the file
 *     (`fileName === name`, message `${name}: <problem>`, problem non-empty and under 1,000
 *     characters) and whose `cause` — the reader's own error — is a FormatError (PickleError,
 *     TruncatedError and the HDF5 errors are FormatErrors). Any other cause (TypeError,
 *     RangeError from a DataView or an allocation, SyntaxError, a bare Error or a thrown
 *     non-Error) is a crash of ours that the registry merely wrapped, and fails the case; or
 *
 * (b) it resolves to a ModelDoc that is consistent (names, shapes, numel and byteLength agree;
 *     every tensor a layer names exists; `toView(doc)` survives structuredClone, as the worker
 *     posts it), and then EVERY tensor's read() either resolves to exactly `byteLength` bytes
 *     or rejects with a FormatError or ReadError carrying a message. A short or long result is
 *     a failure too: it would be silently wrong data.
 *
 * Never allowed: an uncaught exception or unhandled rejection (checked by the worker around
 * each case), and going over the budget (checked here for slow cases that finish, and by the
 * harness's watchdog, which terminates the worker, for cases that never finish).
 *
 * For the pickle family the VM is also run directly on the bytes: it must return a value or
 * throw a PickleError (a FormatError), since protocol 0/1 pickles are not sniffed by openModel.
 */
export interface CaseOutcome {
  result: 'doc' | 'error';
  /** the error's problem, or the document's format */
  detail: string;
  tensors: number;
  readFailures: number;
  ms: number;
}

export class RuleViolation extends Error {
  constructor(message: string, readonly original?: unknown) {
    super(message);
    this.name = 'RuleViolation';
  }
}

const MAX_PROBLEM = 1000;

function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}${err.stack ? `\n${err.stack.split('\n').slice(1, 8).join('\n')}` : ''}`;
  return `non-Error thrown: ${String(err)}`;
}

function isExpected(err: unknown): boolean {
  return (err instanceof FormatError || err instanceof ReadError) && err.message.trim().length > 0;
}

function checkReadError(err: unknown, name: string): string {
  if (!(err instanceof ReadError)) throw new RuleViolation(`openModel rejected with something other than a ReadError: ${describeError(err)}`, err);
  if (err.fileName !== name || !err.message.startsWith(`${name}: `)) throw new RuleViolation(`ReadError does not name the file: ${err.message}`, err);
  if (!err.problem.trim()) throw new RuleViolation('ReadError with an empty problem', err);
  if (err.problem.length > MAX_PROBLEM) throw new RuleViolation(`ReadError problem is ${err.problem.length} characters long: ${err.problem.slice(0, 300)}…`, err);
  const cause = (err as { cause?: unknown }).cause;
  if (!(cause instanceof FormatError)) throw new RuleViolation(`a crash was wrapped as a ReadError: ${describeError(cause)}`, cause);
  return err.problem;
}

function checkDoc(doc: ModelDoc, name: string, size: number): void {
  const fail = (what: string): never => { throw new RuleViolation(`inconsistent document: ${what}`); };
  if (doc.fileName !== name || doc.fileSize !== size) fail(`fileName/fileSize ${doc.fileName}/${doc.fileSize}`);
  if (!Array.isArray(doc.tensors)) fail('tensors is not an array');
  const names = new Set<string>();
  for (const t of doc.tensors) {
    if (typeof t.name !== 'string') fail(`tensor name ${String(t.name)}`);
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) fail(`tensor "${t.name}" shape ${JSON.stringify(t.shape)}`);
    const numel = t.shape.reduce((a, d) => a * d, 1);
    if (!(t.dtype in DTYPE_SIZE)) fail(`tensor "${t.name}" dtype ${t.dtype}`);
    if (!Number.isSafeInteger(t.numel) || t.numel !== numel) fail(`tensor "${t.name}" numel ${t.numel} for shape ${t.shape.join('×')}`);
    if (t.byteLength !== numel * DTYPE_SIZE[t.dtype]) fail(`tensor "${t.name}" byteLength ${t.byteLength} for ${numel} × ${t.dtype}`);
    if (typeof t.read !== 'function') fail(`tensor "${t.name}" has no read()`);
    names.add(t.name);
  }
  for (const [node] of walk(doc.root)) {
    for (const n of node.tensors) if (!names.has(n)) fail(`layer "${node.path}" names tensor "${n}", which the document lacks`);
  }
  try {
    structuredClone(toView(doc));
  } catch (err) {
    throw new RuleViolation(`toView(doc) cannot be posted to the UI: ${describeError(err)}`, err);
  }
}

async function readAll(doc: ModelDoc): Promise<number> {
  let failures = 0;
  for (const t of doc.tensors) {
    let bytes: unknown;
    try {
      bytes = await t.read();
    } catch (err) {
      if (!isExpected(err)) throw new RuleViolation(`reading tensor "${t.name}" failed with ${describeError(err)}`, err);
      failures++;
      continue;
    }
    if (!(bytes instanceof Uint8Array) || bytes.byteLength !== t.byteLength) {
      const got = bytes instanceof Uint8Array ? `${bytes.byteLength} bytes` : typeof bytes;
      throw new RuleViolation(`reading tensor "${t.name}" returned ${got}, expected ${t.byteLength} bytes`);
    }
  }
  return failures;
}

function checkUnpickle(bytes: Uint8Array): void {
  try {
    unpickle(bytes, { persistentLoad: (pid) => pid });
  } catch (err) {
    if (!(err instanceof FormatError) || !err.message) throw new RuleViolation(`unpickle threw ${describeError(err)}`, err);
  }
}

export async function runCase(bytes: Uint8Array, name: string, opts: { budgetMs: number; pickleVm?: boolean }): Promise<CaseOutcome> {
  const t0 = performance.now();
  if (opts.pickleVm) checkUnpickle(bytes);
  let outcome: CaseOutcome;
  let doc: ModelDoc | undefined;
  try {
    doc = await openModel(bytesSource(bytes, name));
  } catch (err) {
    outcome = { result: 'error', detail: checkReadError(err, name), tensors: 0, readFailures: 0, ms: 0 };
  }
  if (doc) {
    try {
      checkDoc(doc, name, bytes.length);
      const readFailures = await readAll(doc);
      outcome = { result: 'doc', detail: doc.format, tensors: doc.tensors.length, readFailures, ms: 0 };
    } finally {
      releaseKerasModel(doc); // HDF5 documents keep a file open in h5wasm until released
    }
  }
  const ms = performance.now() - t0;
  if (ms > opts.budgetMs) throw new RuleViolation(`took ${Math.round(ms)} ms, more than the ${opts.budgetMs} ms budget`);
  return { ...outcome!, ms };
}
