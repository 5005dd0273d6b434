import { Worker } from 'node:worker_threads';
import { basename } from 'node:path';
import { withTimeBudget } from '../core/io/timeBudget';
import { inspectFile, renderText } from './inspect';
import type { InspectJob, InspectReply } from './inspectWorker';
import { COMPARE_USAGE, compareCommand } from './compare';
import { RUN_USAGE, runCommand } from './run';
import { MAP_USAGE, runMap } from './map';
import { CONVERT_USAGE, convertCommand } from './convert';

const DEFAULT_TIMEOUT_S = 60;

const USAGE = `usage: weightbridge inspect FILE [--json] [--hash] [--timeout SECONDS]
       weightbridge map A B [--json] [--mapping in.json] [--out mapping.json]
       weightbridge run MODEL [options]
       weightbridge compare A B [options]
       weightbridge convert SRC --to TARGET | --format pt|h5|safetensors [options]

  inspect   print a model file's summary and layer tree
            --json     one JSON object (file, format, producer, totalParams, tensors, layers, metadata, warnings)
            --hash     add the sha256 of each tensor's values (contiguous little-endian, row-major)
            --timeout  give up after this many seconds (default ${DEFAULT_TIMEOUT_S}; 0 waits for ever)

${MAP_USAGE}

${RUN_USAGE}

${COMPARE_USAGE}

${CONVERT_USAGE}`;

interface InspectArgs { files: string[]; flags: Set<string>; timeoutS: number; bad?: string }

function parseInspectArgs(rest: string[]): InspectArgs {
  const out: InspectArgs = { files: [], flags: new Set(), timeoutS: DEFAULT_TIMEOUT_S };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--timeout' || a.startsWith('--timeout=')) {
      const v = a === '--timeout' ? rest[++i] : a.slice('--timeout='.length);
      const n = Number(v);
      if (v === undefined || v.trim() === '' || !Number.isFinite(n) || n < 0) out.bad = `--timeout needs a number of seconds, got ${v ?? 'nothing'}`;
      else out.timeoutS = n;
    } else if (a.startsWith('--')) out.flags.add(a);
    else out.files.push(a);
  }
  return out;
}

/**
 * Inspects in a worker thread under the time budget: at the deadline the worker is terminated,
 * which stops even a synchronous loop inside wasm (a timer in this thread could not fire), and
 * the user gets one line saying so.
 */
function inspectIsolated(job: InspectJob, timeoutMs: number): Promise<string> {
  return withTimeBudget((signal) => new Promise<string>((resolve, reject) => {
    const worker = new Worker(new URL('./inspectWorkerBoot.mjs', import.meta.url), { workerData: job });
    signal.addEventListener('abort', () => { void worker.terminate(); });
    worker.once('message', (m: InspectReply) => {
      if (m.ok) resolve(m.out); else reject(new Error(m.message));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`${basename(job.path)}: the inspection stopped unexpectedly (exit code ${code})`)));
  }), timeoutMs, `${basename(job.path)}: reading it`);
}

async function inspect(rest: string[]): Promise<number> {
  const args = parseInspectArgs(rest);
  if (args.bad || args.files.length !== 1) {
    process.stderr.write(`${args.bad ? `weightbridge: ${args.bad}\n` : ''}${USAGE}\n`);
    return 2;
  }
  const job: InspectJob = { path: args.files[0], hash: args.flags.has('--hash'), json: args.flags.has('--json') };
  let out: string;
  if (args.timeoutS > 0) out = await inspectIsolated(job, args.timeoutS * 1000);
  else {
    const { doc, json } = await inspectFile(job.path, job.hash);
    out = job.json ? JSON.stringify(json) : renderText(doc, json);
  }
  process.stdout.write(`${out}\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'run') return runCommand(rest);
  if (command === 'compare') return compareCommand(rest);
  if (command === 'map') return runMap(rest);
  if (command === 'convert') return convertCommand(rest);
  if (command === 'inspect') return inspect(rest);
  process.stderr.write(`${USAGE}\n`);
  return command === undefined || command === '--help' || command === 'help' ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    // Bad input is one readable line on stderr (the message names the file and the problem).
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`weightbridge: ${msg.split('\n')[0]}\n`);
    process.exitCode = 1;
  },
);
