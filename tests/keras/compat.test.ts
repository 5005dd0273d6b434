import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { releaseKerasModel } from '../../src/core/formats/keras';
import { walk } from '../../src/core/model/tree';
import { toView } from '../../src/core/model/view';
import table from './expected/table.json';
import { closeOpened, HAVE_SHARED, openPath, REAL, SKIP_SHARED } from './helpers';

/**
 * Every Keras file in ../shared/fixtures/real against what h5py lists for it
 * (tests/keras/expected/*.json and table.json, written by tests/keras/list_h5.py).
 */
interface Row { file: string; format: string; version: string | null; layers: number; tensors: number; params: number }

type Listing = Array<[string, number[], string]>;

function h5pyListing(file: string): Listing {
  const name = file.slice(file.lastIndexOf('/') + 1);
  const url = new URL(`./expected/${name}.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { datasets: Listing }).datasets;
}

describe.skipIf(!HAVE_SHARED)(`compatibility with ${(table as Row[]).length} real Keras files${HAVE_SHARED ? '' : ` (${SKIP_SHARED})`}`, () => {
  afterAll(closeOpened);

  it.each(table as Row[])('$file', async (row) => {
    const doc = await openPath(REAL + row.file);
    try {
      expect(doc.format).toBe(row.format);
      if (row.version) expect(doc.producer).toContain(`Keras ${row.version}`);
      else expect(doc.producer).toMatch(/version not recorded/);
      expect(doc.root.children.length).toBe(row.layers);
      expect(doc.tensors.length).toBe(row.tensors);
      expect(toView(doc).totalParams).toBe(row.params);

      const ours = doc.tensors.map((t): [string, number[], string] => [t.name, t.shape, t.dtype]);
      ours.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      expect(ours).toEqual(h5pyListing(row.file));

      // Every model weight hangs in the tree exactly once; the tree names only real tensors.
      const inTree = [...walk(doc.root)].flatMap(([n]) => n.tensors);
      expect(new Set(inTree).size).toBe(inTree.length);
      expect(inTree.sort()).toEqual(doc.tensors.filter((t) => t.group === 'model').map((t) => t.name).sort());
      expect(doc.tensors.some((t) => t.group === 'model' && t.name.startsWith('optimizer'))).toBe(false);

      const first = doc.tensors.find((t) => t.numel > 0);
      if (first) expect((await first.read()).byteLength).toBe(first.byteLength);
    } finally {
      releaseKerasModel(doc);
    }
  });
});
