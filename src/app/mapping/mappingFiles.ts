/** Saving and opening mapping JSON files. */
import { mappingToText } from '../../core/mapping/json';
import type { Mapping } from '../../core/mapping/types';
import { downloadBlob, stem } from '../lib/download';

/** `<A>__<B>.mapping.json`, from the two documents' file names. */
export function mappingFileName(m: Mapping): string {
  return `${stem(m.a.file)}__${stem(m.b.file)}.mapping.json`;
}

export function downloadMapping(m: Mapping): void {
  downloadBlob(mappingToText(m), mappingFileName(m), 'application/json');
}

const MAX_JSON_BYTES = 64 * 1024 * 1024;

/** The text of the mapping file among those dropped or picked; a model file is refused with a hint. */
export async function readMappingFile(files: File[]): Promise<{ name: string; text: string }> {
  const file = files.find((f) => /\.json$/i.test(f.name)) ?? files[0];
  if (!file) throw new Error('no file was given');
  if (!/\.json$/i.test(file.name)) {
    throw new Error(`${file.name} is not a mapping JSON: model files go into the slots (Inspect), mappings are .json files exported here`);
  }
  if (file.size > MAX_JSON_BYTES) throw new Error(`${file.name} is ${Math.round(file.size / 2 ** 20)} MiB: too large for a mapping file`);
  return { name: file.name, text: await file.text() };
}
