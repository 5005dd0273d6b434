import type { ByteSource } from '../../io/byteSource';
import { FormatError } from '../../model/errors';
import { readEntry, readZipDirectory, topFolder } from '../zip/zipReader';

/** TorchScript code files are small Python text; anything bigger is not worth reading as code. */
const MAX_CODE_BYTES = 16 * 1024 * 1024;
const utf8 = new TextDecoder('utf-8');

/**
 * The Python source a TorchScript archive (torch ≥ 1.2 layout) carries under `<top>/code/`:
 * path below code/ ('__torch__/torch/nn/modules/conv.py') → text. Debug pickles are skipped.
 * This is text to read, never to run: the runtime parses plain sequences of module calls from it.
 */
export async function readTorchScriptCode(src: ByteSource): Promise<Map<string, string>> {
  const zip = await readZipDirectory(src);
  const top = topFolder(zip.entries);
  const prefix = `${top}code/`; // top ends with '/' (or is '')
  const out = new Map<string, string>();
  let total = 0;
  for (const e of zip.entries) {
    if (!e.name.startsWith(prefix) || !e.name.endsWith('.py')) continue;
    total += e.size;
    if (total > MAX_CODE_BYTES) throw new FormatError(`the TorchScript code in ${src.name} is larger than ${MAX_CODE_BYTES} bytes`);
    out.set(e.name.slice(prefix.length), utf8.decode(await readEntry(src, e, MAX_CODE_BYTES)));
  }
  return out;
}
