/**
 * The runtime: runs PyTorch and Keras models from their documents with tfjs, and compares them.
 * Nothing here loads tfjs at import time: it is fetched on the first session (see tf.ts).
 *
 *   const model = await prepareModel(doc, { source });        // or CannotRunError("cannot run: …")
 *   const sample = randomSample(model.input, { seed: 0 });    // or sampleFromRefJson / sampleFromNpy
 *   const result = await runModel(model, sample, { backend: 'wasm' });
 *   const cmp = await compareModels(modelA, modelB, { seed: 0, layers: true });
 */
export type {
  Activation, BackendName, FlatOrigin, Framework, InputSpec, LayerInfo, Layout, RunnableModel, RunOptions, RunResult, Sample, Session,
} from './types';
export { CannotRunError } from './types';
export { prepareModel, whyNotRunnable, frameworkOf, type PrepareOptions } from './prepare';
export { withArchitectureOf, type BorrowOptions } from './borrow';
export { runModel, type RunModelOptions } from './run';
export { randomSample, seededRandom, sampleFor, sampleFromRefJson, sampleFromNpy, type Distribution, type SampleOptions } from './sample';
export { imageSizeFor, sampleFromPixels } from './imageSample';
export {
  compareOutputs, compareLayers, difference, outputOf, DEFAULT_TOLERANCE,
  type Difference, type LayerComparison, type LayerPair, type LayerRow, type OutputComparison,
} from './compare';
export { compareModels, sharedInputSpec, type CompareOptions, type ModelComparison } from './compareModels';
export { defaultPairs, pairByParametrisedOrder, pairByPath } from './pairing';
export { selectBackend, setWasmPaths, candidateBackends, type BackendChoice, type WasmPaths } from './backend';
export { alignTo, toLayout } from './layout';
export { readKerasConfig } from './keras/kerasConfig';
export { supportedKinds as supportedTorchModules } from './torch/modules';
