export * from './types';
export { autoMap, setPair, removePair, remap } from './automap';
export { applyMapping, type AppliedTensor, type ApplyOptions } from './apply';
export { mappingToJson, mappingToText, mappingFromJson, type MappingJson } from './json';
export {
  applyStep, applySteps, invertStep, invertSteps, stepShapes, stepsShapes, ShapeError,
  transpose, reshape, gatherBlocks, stack, unstack, sum, split, type AnyTypedArray, type Tensor,
} from './transforms';
export { describeStep, describeSteps, describeTensorPair, describeProblem, describeDropped, pairTitle, fmtShape } from './words';
export { frameworkOf, layerView, mappableLayers, type Family, type LayerView } from './layers';
export { feedInfo, type FeedInfo } from './feed';
export { align, type Alignment } from './align';
export { CROSS_RULES, evaluateRule, noRuleReason } from './rules';
