import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/fixtures';

/**
 * tfjs (~250 kB gz) must not load with the app's first screen: runtime code imports tfjs types
 * only, and loads the library with import() inside functions (src/core/runtime/tf.ts, backend.ts).
 */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('tfjs is loaded lazily', () => {
  // `?url` imports of the wasm binaries are URL strings resolved by Vite, not tfjs code.
  it('no static value import of @tensorflow/* code anywhere in src/', () => {
    const offenders: string[] = [];
    for (const f of files(join(PROJECT_ROOT, 'src'))) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/^\s*import\s+(?!type\b)[^;]*?from\s+['"](@tensorflow\/[^'"?]+)['"]/gm)) offenders.push(`${relative(PROJECT_ROOT, f)}: ${m[1]}`);
      for (const m of text.matchAll(/^\s*import\s+['"](@tensorflow\/[^'"]+)['"]/gm)) offenders.push(`${relative(PROJECT_ROOT, f)}: ${m[1]}`);
    }
    expect(offenders).toEqual([]);
  });

  it('dynamic imports of tfjs live in the two loader modules only', () => {
    const users = files(join(PROJECT_ROOT, 'src'))
      .filter((f) => /import\(\s*['"]@tensorflow\//.test(readFileSync(f, 'utf8')))
      .map((f) => relative(PROJECT_ROOT, f));
    expect(users.sort()).toEqual(['src/core/runtime/backend.ts', 'src/core/runtime/tf.ts']);
  });
});
