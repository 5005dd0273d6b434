import { writeFileSync } from 'node:fs';
import { makeCase } from './makeCase';
import { runCase } from './runCase';
import { FAMILIES, type Family } from './seeds';

/**
 * Replays fuzz cases in this process, in order, with full errors:
 *   npx tsx tests/fuzz/replay.ts <family> <seed> <index|from-to>[,…] [--write DIR]
 * Cases share one process, as in the fuzz worker, so a case that only fails after others (state
 * left behind in h5wasm) can be bisected with ranges. There is no watchdog here: a hang hangs.
 * --write saves each mutated file (e.g. to try it in the app or the CLI).
 */
const [family, seedText, indexText, flag, dir] = process.argv.slice(2);
if (!FAMILIES.includes(family as Family) || !seedText || !indexText) {
  console.error(`usage: npx tsx tests/fuzz/replay.ts <${FAMILIES.join('|')}> <seed> <index|from-to>[,…] [--write DIR]`);
  process.exit(2);
}
const indices = indexText.split(',').flatMap((part) => {
  const [a, b] = part.split('-').map(Number);
  return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, i) => a + i);
});
for (const index of indices) {
  const c = makeCase(family as Family, Number(seedText) >>> 0, index);
  console.log(`#${index} ${c.desc}`);
  if (flag === '--write' && dir) writeFileSync(`${dir}/${index}-${c.name}`, c.bytes);
  try {
    const o = await runCase(c.bytes, c.name, { budgetMs: 2000, pickleVm: family === 'pickle' });
    console.log(`  ok: ${o.result} — ${o.detail} (${o.tensors} tensors, ${o.readFailures} reads refused, ${Math.round(o.ms)} ms)`);
  } catch (err) {
    console.log(`  FAILED: ${err instanceof Error ? err.message : String(err)}`);
  }
}
