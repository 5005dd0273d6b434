import { inspectFile, renderText } from './inspect';
import { COMPARE_USAGE, compareCommand } from './compare';
import { RUN_USAGE, runCommand } from './run';
import { MAP_USAGE, runMap } from './map';

const USAGE = `usage: weightbridge inspect FILE [--json] [--hash]
       weightbridge map A B [--json] [--mapping in.json] [--out mapping.json]
       weightbridge run MODEL [options]
       weightbridge compare A B [options]

  inspect   print a model file's summary and layer tree
            --json  one JSON object (file, format, producer, totalParams, tensors, layers, metadata, warnings)
            --hash  add the sha256 of each tensor's values (contiguous little-endian, row-major)

${MAP_USAGE}

${RUN_USAGE}

${COMPARE_USAGE}`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'run') return runCommand(rest);
  if (command === 'compare') return compareCommand(rest);
  if (command === 'map') return runMap(rest);
  const flags = new Set(rest.filter((a) => a.startsWith('--')));
  const files = rest.filter((a) => !a.startsWith('--'));
  if (command === 'inspect' && files.length === 1) {
    const { doc, json } = await inspectFile(files[0], flags.has('--hash'));
    process.stdout.write(flags.has('--json') ? `${JSON.stringify(json)}\n` : `${renderText(doc, json)}\n`);
    return 0;
  }
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
