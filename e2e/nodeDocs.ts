/**
 * What the core makes of a file in Node (the same code the worker runs), so the browser tests
 * compare the UI with the core instead of hard-coding numbers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openModel } from '../src/core/formats/registry';
import { applyArchitecture } from '../src/core/formats/keras/index';
import { fileSource } from '../src/core/io/nodeSource';
import { toView } from '../src/core/model/view';
import type { LayerNode, ModelDocView } from '../src/core/model/types';
import { REPO } from './helpers';

export const LOCAL = (p: string): string => resolve(REPO, 'tests/fixtures', p);
export const SHARED = (p: string): string => resolve(REPO, '../shared/fixtures', p);

/** The skip message of a test whose files are not all on this machine, or null when they are. */
export function missing(...paths: string[]): string | null {
  const absent = paths.filter((p) => !existsSync(p));
  return absent.length
    ? `fixture(s) absent: ${absent.join(', ')} — ../shared/fixtures holds real-world files only where they are present (CI); the tests on tests/fixtures still run`
    : null;
}

/** The view of a file (with an architecture JSON applied when given), computed by the core in Node. */
export async function viewInNode(path: string, jsonPath?: string): Promise<ModelDocView> {
  const src = await fileSource(path);
  try {
    const doc = await openModel(src);
    return toView(jsonPath ? applyArchitecture(doc, readFileSync(jsonPath, 'utf8')) : doc);
  } finally {
    await src.close();
  }
}

/** Every layer under the root, depth first (the root itself left out). */
export function layersOf(root: LayerNode): LayerNode[] {
  const out: LayerNode[] = [];
  const visit = (n: LayerNode): void => { for (const c of n.children) { out.push(c); visit(c); } };
  visit(root);
  return out;
}

export const findKind = (root: LayerNode, re: RegExp): LayerNode | undefined => layersOf(root).find((n) => re.test(n.kind));
