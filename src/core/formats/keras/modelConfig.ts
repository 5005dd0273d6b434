import { FormatError } from '../../model/errors';
import { treeFromModelConfig, type ConfigTree } from './configTree';

/**
 * Parses a model config text (HDF5 model_config, config.json, model.to_json()) into a tree,
 * with readable errors that say where the text came from.
 */
export function parseModelConfig(text: string, where: string): ConfigTree & { json: Record<string, unknown> } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new FormatError(`${where} is not valid JSON (${(err as Error).message})`);
  }
  try {
    return { ...treeFromModelConfig(json), json: json as Record<string, unknown> };
  } catch (err) {
    throw new FormatError(`${where} is not a Keras model config: ${(err as Error).message}`);
  }
}
