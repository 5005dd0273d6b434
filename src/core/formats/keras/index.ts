export { kerasHdf5Reader, kerasZipReader, isKerasZip } from './kerasReaders';
export { applyArchitecture } from './applyArchitecture';
export { releaseKerasModel } from './kerasTensors';
export { treeFromModelConfig, type ConfigTree } from './configTree';
