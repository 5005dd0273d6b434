import { autoMap, frameworkOf, mappingFromJson, type Direction, type Mapping } from '../mapping';
import type { ModelDoc } from '../model/types';

/** A mapping between a conversion's source and target, and which way it is applied. */
export interface ConversionMapping {
  mapping: Mapping;
  direction: Direction;
}

/** The automatic mapping, torch side first when there is one: the rules are written torch → Keras. */
export function automaticMapping(source: ModelDoc, target: ModelDoc): ConversionMapping {
  if (frameworkOf(source) === 'keras' && frameworkOf(target) === 'torch') return { mapping: autoMap(target, source), direction: 'b-to-a' };
  return { mapping: autoMap(source, target), direction: 'a-to-b' };
}

/**
 * A saved mapping (its JSON) applied either way round: its A is the source (a-to-b) or the target
 * (b-to-a), told by the frameworks and, when both are the same, by the file names.
 */
export function savedMapping(json: string | object, source: ModelDoc, target: ModelDoc): ConversionMapping {
  const parsed = (typeof json === 'string' ? JSON.parse(json) : json) as { a?: { file?: string; framework?: string }; b?: { file?: string; framework?: string } };
  const fa = parsed.a?.framework, fb = parsed.b?.framework;
  const fs = frameworkOf(source), ft = frameworkOf(target);
  const sourceIsA = fa === fs && fb === ft && (fs !== ft || parsed.b?.file !== source.fileName || parsed.a?.file === source.fileName);
  return sourceIsA
    ? { mapping: mappingFromJson(parsed, source, target), direction: 'a-to-b' }
    : { mapping: mappingFromJson(parsed, target, source), direction: 'b-to-a' };
}

/** Formats a file of this framework can be written to standalone (no target file). */
export function standaloneFormats(doc: Pick<ModelDoc, 'format'>): ('pt' | 'h5' | 'safetensors')[] {
  return doc.format.startsWith('keras') ? ['pt', 'safetensors'] : ['h5', 'safetensors'];
}

/** Whether a conversion can write into this file (its format is one we rewrite in place). */
export function writableTarget(doc: Pick<ModelDoc, 'format'>): boolean {
  return doc.format.startsWith('keras') || doc.format === 'torch-zip' || doc.format === 'torchscript' || doc.format === 'torch-legacy';
}
