import type { ByteSource } from '../../io/byteSource';
import { readExact } from '../../io/byteSource';
import { FormatError } from '../../model/errors';
import type { ModelDoc } from '../../model/types';
import { safetyReport } from '../../security/pickleSafety';
import { MAX_PICKLE_BYTES } from '../limits';
import type { FormatReader, OpenOptions } from '../reader';
import { describe } from '../pickle/describe';
import { unpickle } from '../pickle/unpickle';
import { PyGlobal, PyObject, type PyValue } from '../pickle/values';
import { TORCH_BUILDERS } from './builders';
import { interpret } from './interpret';
import { looksLegacy } from './torchLegacy';
import { buildTorchDoc } from './torchDoc';

/**
 * A plain pickle (`.pkl`) that torch.save did not write: shown for what it names and would run,
 * with any tensors it holds. It is read whole, so it is capped.
 */

function isPickleHead(h: Uint8Array): boolean {
  return h.length >= 3 && h[0] === 0x80 && h[1] >= 2 && h[1] <= 5 && !looksLegacy(h);
}

async function openPlainPickle(src: ByteSource, _opts: OpenOptions): Promise<ModelDoc> {
  if (src.size > MAX_PICKLE_BYTES) throw new FormatError(`a plain pickle of ${src.size} bytes is larger than the ${MAX_PICKLE_BYTES} accepted`);
  const bytes = await readExact(src, 0, src.size);
  // Persistent ids point at data outside the pickle, which a plain pickle does not have: keep them as names.
  const persistentLoad = (pid: PyValue): PyValue => new PyObject(new PyGlobal('persistent_id', describe(pid)), [pid], 'reduce');
  const result = unpickle(bytes, { persistentLoad, builders: TORCH_BUILDERS });
  const safety = safetyReport(result.globals);
  const facts = {
    fileName: src.name, fileSize: src.size, format: 'pickle' as const, bigEndian: false, safety,
    producer: `Python pickle, protocol ${result.protocol} (not written by torch.save)`,
    metadata: { value: describe(result.value, 2, 400) },
  };
  return buildTorchDoc(interpret(result.value, false), facts);
}

export const plainPickleReader: FormatReader = {
  id: 'pickle',
  label: 'Python pickle (.pkl)',
  accepts: (s) => !s.zip && isPickleHead(s.head),
  open: (src, _s, opts) => openPlainPickle(src, opts),
};
