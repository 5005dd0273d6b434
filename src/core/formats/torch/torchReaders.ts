export { torchZipReader } from './torchZip';
export { torchLegacyReader } from './torchLegacy';
export { plainPickleReader } from './plainPickle';
