import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openModel } from '../../src/core/formats/registry';
import { fileSource } from '../../src/core/io/nodeSource';
import { classifyGlobal } from '../../src/core/security/pickleSafety';
import { OWN_FIXTURES } from '../helpers/fixtures';

/** The marker every hostile fixture's payload would create if anything ran it. */
const MARKER = '/tmp/weightbridge-pwned';

const CASES: [file: string, dangerous: string[], tensors: number][] = [
  ['os_system.pt', ['os.system'], 2],
  ['module_reduce.pt', ['posix.system'], 2],
  ['eval.pkl', ['builtins.eval'], 0],
  ['reduce_chain.pkl', ['builtins.getattr', 'builtins.__import__'], 0],
];

describe('hostile pickles open as data, are flagged, and run nothing', () => {
  rmSync(MARKER, { force: true });
  for (const [file, dangerous, tensors] of CASES) {
    it(`${file}: flags exactly ${dangerous.join(', ')}`, async () => {
      const src = await fileSource(join(OWN_FIXTURES, 'hostile', file));
      try {
        const doc = await openModel(src);
        expect(doc.safety?.dangerous).toEqual(dangerous);
        expect(doc.warnings[0]).toMatch(/torch\.load would run code from this file/);
        expect(doc.tensors).toHaveLength(tensors);
        for (const t of doc.tensors) expect((await t.read()).byteLength).toBe(t.byteLength);
        expect(existsSync(MARKER)).toBe(false);
      } finally {
        await src.close();
      }
    });
  }

  it('classifies ordinary torch globals as harmless and command runners as dangerous', () => {
    expect(classifyGlobal('torch._utils._rebuild_tensor_v2').category).toBe('tensor-rebuild');
    expect(classifyGlobal('torch.FloatStorage').category).toBe('tensor-rebuild');
    expect(classifyGlobal('torch.nn.modules.conv.Conv2d').category).toBe('torch-module');
    expect(classifyGlobal('collections.OrderedDict').category).toBe('builtin-container');
    expect(classifyGlobal('numpy.core.multiarray._reconstruct').category).toBe('numpy');
    expect(classifyGlobal('__main__.Net').category).toBe('user-class');
    for (const d of ['os.system', 'posix.system', 'subprocess.Popen', 'builtins.eval', 'builtins.exec', 'builtins.getattr',
      'builtins.__import__', 'runpy._run_code', 'socket.create_connection', 'webbrowser.open', 'pickle.loads']) {
      expect(classifyGlobal(d).category, d).toBe('dangerous');
    }
  });
});
