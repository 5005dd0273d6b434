/**
 * Conversion: a model's weights written as a file of another framework, either into an existing
 * target file (its format, structure and everything unmapped kept) or standalone.
 *
 *   const c = await convertInto(sourceDoc, { doc: targetDoc, src: targetSrc }, mapping, { onProgress, signal });
 *   const c = convertStandalone(doc, 'h5' | 'pt' | 'safetensors', { onProgress, signal });
 *   for await (const part of c.parts) sink.write(part);           // streamed; c.size, c.fileName, c.warnings
 *   const v = await verifyConversion(sourceDoc, bytesOrByteSource, { conversion: c, architecture });
 */
export type { Conversion, ConvertOptions, ConvertProgress, OpenedFile, OutputFormat } from './types';
export { convertInto, type IntoOptions } from './into';
export { convertStandalone, type StandaloneOptions } from './standalone';
export { verifyConversion, type Verdict, type VerifyOptions } from './verify';
export type { TensorCheck } from './verifyTensors';
export { suggestedName } from './names';
export { automaticMapping, savedMapping, standaloneFormats, writableTarget, type ConversionMapping } from './plan';
export { collectBytes, toReadableStream } from './stream';
export { ConvertError } from './errors';
export { MAX_H5_OUTPUT_BYTES } from '../formats/hdf5/h5Writer';
